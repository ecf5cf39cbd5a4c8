<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
    <name>AssignmentControl</name>
    <message>
        <location filename="../assignment_control.py" line="104" />
        <source>Cadre assignment</source>
        <translation>Cadre assignment</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="105" />
        <source>&amp;Propose cadre assignments…</source>
        <translation>&amp;Propose cadre assignments…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="106" />
        <source>Assign &amp;households to grids…</source>
        <translation>Assign &amp;households to grids…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="107" />
        <source>&amp;Export grid responsibility map…</source>
        <translation>&amp;Export grid responsibility map…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="108" />
        <source>&amp;Coverage map</source>
        <translation>&amp;Coverage map</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="109" />
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="110" />
        <source>Colour grids by leader</source>
        <translation>Colour grids by leader</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="111" />
        <source>Colour grids by households</source>
        <translation>Colour grids by households</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="247" />
        <source>No grid under the drop point.</source>
        <translation>No grid under the drop point.</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="262" />
        <source>Proposing cadre assignments</source>
        <translation>Proposing cadre assignments</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="280" />
        <source>The assignments changed since the proposal was made; propose again.</source>
        <translation>The assignments changed since the proposal was made; propose again.</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="290" />
        <source>Assigning households to grids</source>
        <translation>Assigning households to grids</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="308" />
        <source>The households changed since they were located; run it again.</source>
        <translation>The households changed since they were located; run it again.</translation>
    </message>
</context><context>
    <name>AssignmentDialogs</name>
    <message>
        <location filename="../assignment_dialogs.py" line="87" />
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="91" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="123" />
        <source>Cadre</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="124" />
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="125" />
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="126" />
        <source>Home to unit</source>
        <translation>Home to unit</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="127" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="133" />
        <source>{added} assignment(s) to add, {removed} to remove, {uncovered} unit(s) stay uncovered. Total distance from homes to units: {km:,.1f} km.</source>
        <translation>{added} assignment(s) to add, {removed} to remove, {uncovered} unit(s) stay uncovered. Total distance from homes to units: {km:,.1f} km.</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="144" />
        <source>Proposed cadre assignments</source>
        <translation>Proposed cadre assignments</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="165" />
        <source>outside every grid; nearest {code} at {d}</source>
        <translation>outside every grid; nearest {code} at {d}</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="169" />
        <source>outside every grid</source>
        <translation>outside every grid</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="172" />
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="173" />
        <source>Grid before</source>
        <translation>Grid before</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="174" />
        <source>Grid after</source>
        <translation>Grid after</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="175" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="177" />
        <source>{checked} households checked: {changed} change grid, {assigned} have a grid, {outside} lie outside every grid, {pinned} pinned by hand are kept.</source>
        <translation>{checked} households checked: {changed} change grid, {assigned} have a grid, {outside} lie outside every grid, {pinned} pinned by hand are kept.</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="190" />
        <source>{n} household(s) have no location and keep the grid they had.</source>
        <translation>{n} household(s) have no location and keep the grid they had.</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="195" />
        <source>Households → grids</source>
        <translation>Households → grids</translation>
    </message>
</context><context>
    <name>AssignmentPanel</name>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <location filename="../assignment_panel.py" line="162" />
        <source>Cadre</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Party</source>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="163" />
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="166" />
        <source>Selected grid and its team</source>
        <translation>Selected grid and its team</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="169" />
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="170" />
        <source>Remove from duty</source>
        <translation>Remove from duty</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="171" />
        <source>Propose assignments…</source>
        <translation>Propose assignments…</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="172" />
        <source>Households → grids…</source>
        <translation>Households → grids…</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="174" />
        <source>Fill uncovered duties and relieve overloaded cadres (shown before applied)</source>
        <translation>Fill uncovered duties and relieve overloaded cadres (shown before applied)</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="176" />
        <source>Coverage map:</source>
        <translation>Coverage map:</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Colour by grid leader</source>
        <translation>Colour by grid leader</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Colour by households</source>
        <translation>Colour by households</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="181" />
        <source>Drag a cadre onto a grid of the map to assign them</source>
        <translation>Drag a cadre onto a grid of the map to assign them</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="195" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="195" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="196" />
        <source>party member</source>
        <translation>party member</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="196" />
        <source>not a member</source>
        <translation>not a member</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="216" />
        <source>{n} cadres; {over} over their limits. Drag a cadre onto a grid to assign.</source>
        <translation>{n} cadres; {over} over their limits. Drag a cadre onto a grid to assign.</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="223" />
        <source>— choose a grid —</source>
        <translation>— choose a grid —</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="247" />
        <source> (not a member)</source>
        <translation> (not a member)</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="257" />
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="281" />
        <source>Select a small grid on the map or in the list.</source>
        <translation>Select a small grid on the map or in the list.</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="284" />
        <source>Grid {code}: {n} households</source>
        <translation>Grid {code}: {n} households</translation>
    </message>
</context><context>
    <name>AttributeTable</name>
    <message>
        <location filename="../attribute_table.py" line="57" />
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="58" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="313" />
        <source>Layer:</source>
        <translation>Layer:</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="314" />
        <source>Filter rows by text…</source>
        <translation>Filter rows by text…</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="380" />
        <source>{shown} of {total} rows, {selected} selected</source>
        <translation>{shown} of {total} rows, {selected} selected</translation>
    </message>
</context><context>
    <name>AutosaveHook</name>
    <message>
        <location filename="../autosave.py" line="177" />
        <source>Autosaved {time}</source>
        <translation>Autosaved {time}</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="180" />
        <source>Autosave failed: {0}</source>
        <translation>Autosave failed: {0}</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="270" />
        <source>Recovered the work autosaved at {time}; save it to keep it</source>
        <translation>Recovered the work autosaved at {time}; save it to keep it</translation>
    </message>
</context><context>
    <name>CoverageMode</name>
    <message>
        <location filename="../coverage_mode.py" line="62" />
        <source>The project has no small grids to colour.</source>
        <translation>The project has no small grids to colour.</translation>
    </message>
</context><context>
    <name>EditTools</name>
    <message>
        <location filename="../edit_tools.py" line="220" />
        <source>Draw grid</source>
        <translation>Draw grid</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="222" />
        <source>Click the corners of a new grid; double-click or Enter ends, Esc cancels</source>
        <translation>Click the corners of a new grid; double-click or Enter ends, Esc cancels</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="224" />
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="226" />
        <source>Draw a line across the selected grid; double-click or Enter cuts it</source>
        <translation>Draw a line across the selected grid; double-click or Enter cuts it</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="228" />
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="229" />
        <source>Merge the selected neighbouring grids into one</source>
        <translation>Merge the selected neighbouring grids into one</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="230" />
        <source>Move vertex</source>
        <translation>Move vertex</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="232" />
        <source>Drag a grid corner; neighbours sharing it follow, snapping to nearby edges</source>
        <translation>Drag a grid corner; neighbours sharing it follow, snapping to nearby edges</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="367" />
        <location filename="../edit_tools.py" line="234" />
        <source>Reassign households</source>
        <translation>Reassign households</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="235" />
        <source>Give the selected households to a neighbouring grid</source>
        <translation>Give the selected households to a neighbouring grid</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="334" />
        <location filename="../edit_tools.py" line="236" />
        <source>Delete grid</source>
        <translation>Delete grid</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="238" />
        <source>Delete the selected grid; its area joins a neighbour or stays a gap</source>
        <translation>Delete the selected grid; its area joins a neighbour or stays a gap</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="240" />
        <source>Plan grids automatically…</source>
        <translation>Plan grids automatically…</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="242" />
        <location filename="../edit_tools.py" line="241" />
        <source>Edit grids</source>
        <translation>Edit grids</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="322" />
        <source>Select the grid to delete on the map first</source>
        <translation>Select the grid to delete on the map first</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="336" />
        <source>Delete {codes}. Give the area to the neighbouring grid that shares the longest border, or leave it uncovered?</source>
        <translation>Delete {codes}. Give the area to the neighbouring grid that shares the longest border, or leave it uncovered?</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="341" />
        <source>Join neighbour</source>
        <translation>Join neighbour</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="342" />
        <source>Leave a gap</source>
        <translation>Leave a gap</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="357" />
        <source>Select the households to reassign on the map first</source>
        <translation>Select the households to reassign on the map first</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="363" />
        <source>The selected households lie in no grid</source>
        <translation>The selected households lie in no grid</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="368" />
        <source>Give {n} households to grid:</source>
        <translation>Give {n} households to grid:</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="405" />
        <source>{layer}: {hint}</source>
        <translation>{layer}: {hint}</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="442" />
        <source>Click at least three corners to draw a grid</source>
        <translation>Click at least three corners to draw a grid</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="447" />
        <source>Draw the split line with at least two clicks</source>
        <translation>Draw the split line with at least two clicks</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="453" />
        <source>Select the one grid to split, or draw the line across one grid only</source>
        <translation>Select the one grid to split, or draw the line across one grid only</translation>
    </message>
</context><context>
    <name>EditUndoCommand</name>
    <message>
        <location filename="../main_window.py" line="75" />
        <source>{layer}, row {row}: {column}</source>
        <translation>{layer}, row {row}: {column}</translation>
    </message>
</context><context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="118" />
        <source>Export grid responsibility map</source>
        <translation>Export grid responsibility map</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="120" />
        <source>PDF atlas (overview + one page per village)</source>
        <translation>PDF atlas (overview + one page per village)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="121" />
        <source>PNG image (300 dpi)</source>
        <translation>PNG image (300 dpi)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="122" />
        <source>Interactive HTML map (works offline)</source>
        <translation>Interactive HTML map (works offline)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>Excel roster (网格责任表)</source>
        <translation>Excel roster (网格责任表)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="127" />
        <source>Whole town</source>
        <translation>Whole town</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="128" />
        <source>Grid leader</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="129" />
        <source>Households (load)</source>
        <translation>Households (load)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="130" />
        <source>Landscape</source>
        <translation>Landscape</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="131" />
        <source>Show names and phone numbers in full</source>
        <translation>Show names and phone numbers in full</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="133" />
        <source>Privacy: the export will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</source>
        <translation>Privacy: the export will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="139" />
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="140" />
        <source>Village:</source>
        <translation>Village:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="141" />
        <source>Paper:</source>
        <translation>Paper:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="142" />
        <source>Orientation:</source>
        <translation>Orientation:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="143" />
        <source>Colour grids by:</source>
        <translation>Colour grids by:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="144" />
        <source>Contacts:</source>
        <translation>Contacts:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="145" />
        <source>Output file:</source>
        <translation>Output file:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="149" />
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="150" />
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="151" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="152" />
        <source>Preview of the first page</source>
        <translation>Preview of the first page</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="187" />
        <source>Export to</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="205" />
        <source>Preview of page 1 of {n}</source>
        <translation>Preview of page 1 of {n}</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="212" />
        <source>Choose an output file first.</source>
        <translation>Choose an output file first.</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="222" />
        <source>Exporting {name}…</source>
        <translation>Exporting {name}…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="225" />
        <source>Export cancelled.</source>
        <translation>Export cancelled.</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="229" />
        <source>Written: {path}</source>
        <translation>Written: {path}</translation>
    </message>
</context><context>
    <name>HierarchyModel</name>
    <message>
        <location filename="../hierarchy_panel.py" line="111" />
        <source>{name} ({code}): {n} households, {p} people, {a} mu, {c} cadres, {i} issues</source>
        <translation>{name} ({code}): {n} households, {p} people, {a} mu, {c} cadres, {i} issues</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="133" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="134" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="135" />
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="136" />
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="137" />
        <source>Population</source>
        <translation>Population</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="138" />
        <source>Area (mu)</source>
        <translation>Area (mu)</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="139" />
        <source>Cadres</source>
        <translation>Cadres</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="140" />
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
</context><context>
    <name>HierarchyPanel</name>
    <message>
        <location filename="../hierarchy_panel.py" line="208" />
        <source>Search by name or code…</source>
        <translation>Search by name or code…</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="209" />
        <source>Export figures to Excel…</source>
        <translation>Export figures to Excel…</translation>
    </message>
</context><context>
    <name>HotspotView</name>
    <message>
        <location filename="../hotspot_view.py" line="190" />
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="192" />
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="193" />
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="194" />
        <source>Days per step</source>
        <translation>Days per step</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="195" />
        <source>Length of the time steps of the emerging hot spots</source>
        <translation>Length of the time steps of the emerging hot spots</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="196" />
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="197" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="198" />
        <source>Save as HTML…</source>
        <translation>Save as HTML…</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="202" />
        <source>Small grids</source>
        <translation>Small grids</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="203" />
        <source>Large grids</source>
        <translation>Large grids</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Per 100 households</source>
        <translation>Per 100 households</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="207" />
        <source>Gi* class</source>
        <translation>Gi* class</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="207" />
        <source>Trend</source>
        <translation>Trend</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="251" />
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="258" />
        <source>&lt;h3&gt;The map view cannot start&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;The figures are in the list on the left; use &lt;b&gt;Save as HTML…&lt;/b&gt; and open the file in a web browser to see the map.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;The map view cannot start&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;The figures are in the list on the left; use &lt;b&gt;Save as HTML…&lt;/b&gt; and open the file in a web browser to see the map.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="264" />
        <source>Import issues (File → Import, into 诉求) to map their hotspots.</source>
        <translation>Import issues (File → Import, into 诉求) to map their hotspots.</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="266" />
        <source>Choose the period, grids and category, then press &lt;b&gt;Run&lt;/b&gt; to find the hot and cold spots (Getis-Ord Gi*) and the emerging patterns.</source>
        <translation>Choose the period, grids and category, then press &lt;b&gt;Run&lt;/b&gt; to find the hot and cold spots (Getis-Ord Gi*) and the emerging patterns.</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="297" />
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="303" />
        <source>Computing hotspots…</source>
        <translation>Computing hotspots…</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="316" />
        <source>Computing hotspots… {0}</source>
        <translation>Computing hotspots… {0}</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="334" />
        <source>{issues} issues in {grids} grids: {hot} hot spots, {cold} cold spots.</source>
        <translation>{issues} issues in {grids} grids: {hot} hot spots, {cold} cold spots.</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="398" />
        <source>The map page could not be shown.</source>
        <translation>The map page could not be shown.</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="416" />
        <source>Save hotspot map</source>
        <translation>Save hotspot map</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="423" />
        <source>Save failed</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="425" />
        <source>Saved {0}</source>
        <translation>Saved {0}</translation>
    </message>
</context><context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../identify_panel.py" line="45" />
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="45" />
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="47" />
        <source>Use the identify tool and click a feature on the map.</source>
        <translation>Use the identify tool and click a feature on the map.</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="74" />
        <source>{layer}, feature {row}</source>
        <translation>{layer}, feature {row}</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="250" />
        <source>Import data</source>
        <translation>Import data</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="251" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="252" />
        <source>Import into:</source>
        <translation>Import into:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="253" />
        <source>File:</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="254" />
        <source>Sheet / layer:</source>
        <translation>Sheet / layer:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="255" />
        <source>Encoding:</source>
        <translation>Encoding:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="256" />
        <source>Existing features:</source>
        <translation>Existing features:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="257" />
        <source>keep and append</source>
        <translation>keep and append</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="258" />
        <source>replace</source>
        <translation>replace</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="259" />
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="260" />
        <source>detect automatically</source>
        <translation>detect automatically</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="261" />
        <source>Coordinates</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="262" />
        <source>Detected:</source>
        <translation>Detected:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="263" />
        <source>System:</source>
        <translation>System:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="264" />
        <source>Gauss-Krüger zone:</source>
        <translation>Gauss-Krüger zone:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="265" />
        <source>EPSG code:</source>
        <translation>EPSG code:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="266" />
        <source>Longitude / X column:</source>
        <translation>Longitude / X column:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="267" />
        <source>Latitude / Y column:</source>
        <translation>Latitude / Y column:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="419" />
        <location filename="../import_dialog.py" line="269" />
        <source>as detected</source>
        <translation>as detected</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84 (GPS)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="271" />
        <source>CGCS2000 (lon/lat)</source>
        <translation>CGCS2000 (lon/lat)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>GCJ-02 (Gaode, Tencent)</source>
        <translation>GCJ-02 (Gaode, Tencent)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="481" />
        <location filename="../import_dialog.py" line="273" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09 (Baidu)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="274" />
        <source>CGCS2000 Gauss-Krüger zone</source>
        <translation>CGCS2000 Gauss-Krüger zone</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="275" />
        <source>Other EPSG code</source>
        <translation>Other EPSG code</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="283" />
        <source>Preview (first rows)</source>
        <translation>Preview (first rows)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="284" />
        <source>Columns: project field ← file column</source>
        <translation>Columns: project field ← file column</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="285" />
        <source>Project field</source>
        <translation>Project field</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="285" />
        <source>File column</source>
        <translation>File column</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="286" />
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="288" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="508" />
        <location filename="../import_dialog.py" line="289" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="290" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="302" />
        <source>Choose a file to import</source>
        <translation>Choose a file to import</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="361" />
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="376" />
        <source>Cannot read the file</source>
        <translation>Cannot read the file</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="395" />
        <source>detect automatically ({0})</source>
        <translation>detect automatically ({0})</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="405" />
        <source>Header found in row {0}.</source>
        <translation>Header found in row {0}.</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="417" />
        <source>as detected ({0})</source>
        <translation>as detected ({0})</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="437" />
        <source>(not imported)</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="443" />
        <source>detected automatically</source>
        <translation>detected automatically</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="475" />
        <source>(choose a file)</source>
        <translation>(choose a file)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="480" />
        <source>GCJ-02 (Gaode)</source>
        <translation>GCJ-02 (Gaode)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="485" />
        <source>Gauss-Krüger zone {0}</source>
        <translation>Gauss-Krüger zone {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="493" />
        <source>column {0}</source>
        <translation>column {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="495" />
        <source>columns {0} / {1}</source>
        <translation>columns {0} / {1}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="497" />
        <source>geometry in the file</source>
        <translation>geometry in the file</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="517" />
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="537" />
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="553" />
        <source>{imported} of {read} rows imported into {layer}; {skipped} skipped.</source>
        <translation>{imported} of {read} rows imported into {layer}; {skipped} skipped.</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="563" />
        <source>Skipped rows</source>
        <translation>Skipped rows</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="563" />
        <source>{0} rows</source>
        <translation>{0} rows</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="570" />
        <source>Warnings</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="575" />
        <source>All rows imported</source>
        <translation>All rows imported</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="582" />
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="583" />
        <source>{added} new, {updated} updated</source>
        <translation>{added} new, {updated} updated</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="586" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="588" />
        <source>Located by {0}</source>
        <translation>Located by {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="591" />
        <source>Unmapped category (kept as 其他)</source>
        <translation>Unmapped category (kept as 其他)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="594" />
        <source>Unknown status</source>
        <translation>Unknown status</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="601" />
        <source>Import failed</source>
        <translation>Import failed</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="605" />
        <source>Import cancelled; the project is unchanged.</source>
        <translation>Import cancelled; the project is unchanged.</translation>
    </message>
</context><context>
    <name>Issues</name>
    <message>
        <location filename="../issues_panel.py" line="70" />
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="71" />
        <source>Dispatched</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="72" />
        <source>Being handled</source>
        <translation>Being handled</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="73" />
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="74" />
        <source>Reviewed</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="82" />
        <source>12345 hotline</source>
        <translation>12345 hotline</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="83" />
        <source>Patrol</source>
        <translation>Patrol</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="84" />
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="85" />
        <source>Petition</source>
        <translation>Petition</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="311" />
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
</context><context>
    <name>IssuesHook</name>
    <message>
        <location filename="../issues_hook.py" line="62" />
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../issues_hook.py" line="63" />
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../issues_hook.py" line="64" />
        <source>Hotspot map</source>
        <translation>Hotspot map</translation>
    </message>
</context><context>
    <name>IssuesPanel</name>
    <message>
        <location filename="../issues_panel.py" line="410" />
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="412" />
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="413" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="414" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="415" />
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="416" />
        <source>All grids</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="417" />
        <source>Show the issues of every grid again</source>
        <translation>Show the issues of every grid again</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="418" />
        <source>Reset filters</source>
        <translation>Reset filters</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="489" />
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="556" />
        <source>Grid: {0}</source>
        <translation>Grid: {0}</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="559" />
        <source>No issues in the project yet.</source>
        <translation>No issues in the project yet.</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="562" />
        <source>Working out the closed-loop figures…</source>
        <translation>Working out the closed-loop figures…</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="565" />
        <source>&lt;b&gt;{shown}&lt;/b&gt; of {total} issues</source>
        <translation>&lt;b&gt;{shown}&lt;/b&gt; of {total} issues</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="579" />
        <source>new {new} · resolved {resolved} · resolution rate &lt;b&gt;{rrate}&lt;/b&gt; · on time &lt;b&gt;{orate}&lt;/b&gt; · &lt;span style='color:#b3261e'&gt;overdue &lt;b&gt;{overdue}&lt;/b&gt;&lt;/span&gt; (as of {at})</source>
        <translation>new {new} · resolved {resolved} · resolution rate &lt;b&gt;{rrate}&lt;/b&gt; · on time &lt;b&gt;{orate}&lt;/b&gt; · &lt;span style='color:#b3261e'&gt;overdue &lt;b&gt;{overdue}&lt;/b&gt;&lt;/span&gt; (as of {at})</translation>
    </message>
</context><context>
    <name>LayerPanel</name>
    <message>
        <location filename="../layer_panel.py" line="114" />
        <source>Move layer up</source>
        <translation>Move layer up</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="115" />
        <source>Move layer down</source>
        <translation>Move layer down</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="116" />
        <source>Opacity:</source>
        <translation>Opacity:</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="118" />
        <source>Tick to show a layer; drag to reorder; double-click to zoom to it</source>
        <translation>Tick to show a layer; drag to reorder; double-click to zoom to it</translation>
    </message>
</context><context>
    <name>MainActions</name>
    <message>
        <location filename="../actions.py" line="138" />
        <source>&amp;New project…</source>
        <translation>&amp;New project…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="139" />
        <source>&amp;Open project…</source>
        <translation>&amp;Open project…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="140" />
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../actions.py" line="141" />
        <source>Save &amp;as…</source>
        <translation>Save &amp;as…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="142" />
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="143" />
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../actions.py" line="144" />
        <source>Zoom to &amp;full extent</source>
        <translation>Zoom to &amp;full extent</translation>
    </message>
    <message>
        <location filename="../actions.py" line="145" />
        <source>Zoom to &amp;layer</source>
        <translation>Zoom to &amp;layer</translation>
    </message>
    <message>
        <location filename="../actions.py" line="146" />
        <source>Zoom to &amp;selection</source>
        <translation>Zoom to &amp;selection</translation>
    </message>
    <message>
        <location filename="../actions.py" line="147" />
        <source>&amp;Pan</source>
        <translation>&amp;Pan</translation>
    </message>
    <message>
        <location filename="../actions.py" line="148" />
        <source>Se&amp;lect</source>
        <translation>Se&amp;lect</translation>
    </message>
    <message>
        <location filename="../actions.py" line="149" />
        <source>&amp;Identify</source>
        <translation>&amp;Identify</translation>
    </message>
    <message>
        <location filename="../actions.py" line="150" />
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="151" />
        <source>&amp;Grid health check</source>
        <translation>&amp;Grid health check</translation>
    </message>
    <message>
        <location filename="../actions.py" line="152" />
        <source>&amp;About gisgrid</source>
        <translation>&amp;About gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="157" />
        <source>Import villages, grids, households or issues from a file</source>
        <translation>Import villages, grids, households or issues from a file</translation>
    </message>
    <message>
        <location filename="../actions.py" line="159" />
        <source>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</source>
        <translation>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</translation>
    </message>
    <message>
        <location filename="../actions.py" line="162" />
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../actions.py" line="163" />
        <source>&amp;Recent projects</source>
        <translation>&amp;Recent projects</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164" />
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165" />
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166" />
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167" />
        <source>Se&amp;ttings</source>
        <translation>Se&amp;ttings</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168" />
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169" />
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../actions.py" line="170" />
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <location filename="../actions.py" line="178" />
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../actions.py" line="179" />
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../actions.py" line="202" />
        <source>(no recent projects)</source>
        <translation>(no recent projects)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="212" />
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../actions.py" line="225" />
        <source>New project</source>
        <translation>New project</translation>
    </message>
    <message>
        <location filename="../actions.py" line="241" />
        <source>Save project as</source>
        <translation>Save project as</translation>
    </message>
    <message>
        <location filename="../actions.py" line="272" />
        <source>About gisgrid</source>
        <translation>About gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="273" />
        <source>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="218" />
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="219" />
        <source>Hierarchy</source>
        <translation>Hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="220" />
        <source>Layers and hierarchy</source>
        <translation>Layers and hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="221" />
        <source>Attribute table</source>
        <translation>Attribute table</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="222" />
        <source>Identify</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="223" />
        <source>Check results</source>
        <translation>Check results</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="225" />
        <source>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="243" />
        <source>gisgrid grid management</source>
        <translation>gisgrid grid management</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="245" />
        <source>not saved</source>
        <translation>not saved</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="260" />
        <source>gisgrid</source>
        <translation>gisgrid</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395" />
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="396" />
        <source>The project has unsaved changes. Save them first?</source>
        <translation>The project has unsaved changes. Save them first?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="517" />
        <source>{n} features selected</source>
        <translation>{n} features selected</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="537" />
        <source>Checking the hierarchy</source>
        <translation>Checking the hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>Hierarchy checked</source>
        <translation>Hierarchy checked</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="560" />
        <source>Export figures</source>
        <translation>Export figures</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="560" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="565" />
        <source>Exporting figures</source>
        <translation>Exporting figures</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="570" />
        <source>Wrote {path}</source>
        <translation>Wrote {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="626" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="631" />
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
</context><context>
    <name>MapCanvas</name>
    <message>
        <location filename="../canvas/overlays.py" line="211" />
        <source>N</source>
        <translation>N</translation>
    </message>
</context><context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="32" />
        <location filename="../names.py" line="14" />
        <source>Town</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../names.py" line="15" />
        <source>Villages</source>
        <translation>Villages</translation>
    </message>
    <message>
        <location filename="../names.py" line="16" />
        <source>Large grids</source>
        <translation>Large grids</translation>
    </message>
    <message>
        <location filename="../names.py" line="17" />
        <source>Small grids</source>
        <translation>Small grids</translation>
    </message>
    <message>
        <location filename="../names.py" line="18" />
        <source>Micro grids</source>
        <translation>Micro grids</translation>
    </message>
    <message>
        <location filename="../names.py" line="19" />
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../names.py" line="20" />
        <source>Cadres</source>
        <translation>Cadres</translation>
    </message>
    <message>
        <location filename="../names.py" line="21" />
        <source>Assignments</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <location filename="../names.py" line="22" />
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../names.py" line="23" />
        <source>Check problems</source>
        <translation>Check problems</translation>
    </message>
    <message>
        <location filename="../names.py" line="31" />
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../names.py" line="33" />
        <source>Village</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../names.py" line="34" />
        <source>Large grid</source>
        <translation>Large grid</translation>
    </message>
    <message>
        <location filename="../names.py" line="35" />
        <source>Small grid</source>
        <translation>Small grid</translation>
    </message>
    <message>
        <location filename="../names.py" line="36" />
        <source>Micro grid</source>
        <translation>Micro grid</translation>
    </message>
</context><context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../new_project_dialog.py" line="109" />
        <source>New project</source>
        <translation>New project</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="110" />
        <source>Township (镇/街道) name:</source>
        <translation>Township (镇/街道) name:</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="111" />
        <source>Township code:</source>
        <translation>Township code:</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="112" />
        <source>e.g. 临河镇</source>
        <translation>e.g. 临河镇</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="113" />
        <source>12 digits, e.g. 371521103000 (optional)</source>
        <translation>12 digits, e.g. 371521103000 (optional)</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="114" />
        <source>Hierarchy levels</source>
        <translation>Hierarchy levels</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="115" />
        <source>4 levels: {chain}</source>
        <translation>4 levels: {chain}</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="116" />
        <source>5 levels: {chain}</source>
        <translation>5 levels: {chain}</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="118" />
        <source>Micro grids (微网格) divide each small grid into groups of about 10–30 households, each with a household representative (联户代表).</source>
        <translation>Micro grids (微网格) divide each small grid into groups of about 10–30 households, each with a household representative (联户代表).</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="124" />
        <source>Next: File → Import brings in the town or village boundaries and the household ledger; Tools → Plan grids automatically then draws the large and small grids, and Tools → Grid health check shows what is left to fix.</source>
        <translation>Next: File → Import brings in the town or village boundaries and the household ledger; Tools → Plan grids automatically then draws the large and small grids, and Tools → Grid health check shows what is left to fix.</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="130" />
        <source>Create…</source>
        <translation>Create…</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="131" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="147" />
        <source>The township code may only contain digits: 12 of them (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</source>
        <translation>The township code may only contain digits: 12 of them (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="151" />
        <source>The township code has {n} digits; it needs 12 (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</source>
        <translation>The township code has {n} digits; it needs 12 (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="160" />
        <source>A township's code ends in 000; {code} looks like a village's. Check it before creating the project.</source>
        <translation>A township's code ends in 000; {code} looks like a village's. Check it before creating the project.</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="173" />
        <source>Enter the township's name</source>
        <translation>Enter the township's name</translation>
    </message>
</context><context>
    <name>PlanDialog</name>
    <message>
        <location filename="../plan_dialog.py" line="362" />
        <source>Plan grids automatically</source>
        <translation>Plan grids automatically</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="366" />
        <source>Parent unit</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="367" />
        <source>Grids to draw</source>
        <translation>Grids to draw</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="368" />
        <source>How many</source>
        <translation>How many</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="369" />
        <source>Tolerance</source>
        <translation>Tolerance</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="370" />
        <source>Locked grids</source>
        <translation>Locked grids</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="371" />
        <source>Follow lines of</source>
        <translation>Follow lines of</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="375" />
        <source>Number of grids</source>
        <translation>Number of grids</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="376" />
        <source>Households per grid</source>
        <translation>Households per grid</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="377" />
        <source>codes kept as they are, separated by commas</source>
        <translation>codes kept as they are, separated by commas</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="378" />
        <source>File…</source>
        <translation>File…</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="379" />
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="380" />
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="381" />
        <source>Apply plan</source>
        <translation>Apply plan</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="382" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="385" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="386" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="387" />
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="388" />
        <source>Deviation</source>
        <translation>Deviation</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="389" />
        <source>Compactness</source>
        <translation>Compactness</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="408" />
        <source>{layer} (adds this level to the project)</source>
        <translation>{layer} (adds this level to the project)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="414" />
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="418" />
        <source>Borders of {layer}</source>
        <translation>Borders of {layer}</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="445" />
        <source>Whole town (every parent)</source>
        <translation>Whole town (every parent)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="467" />
        <source>Roads, rivers or canals</source>
        <translation>Roads, rivers or canals</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="469" />
        <source>Vector files (*.shp *.gpkg *.geojson *.json *.kml *.kmz);;All files (*)</source>
        <translation>Vector files (*.shp *.gpkg *.geojson *.json *.kml *.kmz);;All files (*)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="514" />
        <source>Planning grids</source>
        <translation>Planning grids</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="532" />
        <source>Stopped; nothing was changed.</source>
        <translation>Stopped; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="582" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="582" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="584" />
        <source>&lt;b&gt;{n}&lt;/b&gt; grids, target &lt;b&gt;{target}&lt;/b&gt; households each; largest deviation &lt;b&gt;{dev}&lt;/b&gt; (tolerance {tol:.0%}); every grid in one piece: &lt;b&gt;{ok}&lt;/b&gt;; compactness (Polsby-Popper) mean &lt;b&gt;{ppm}&lt;/b&gt;, min &lt;b&gt;{ppn}&lt;/b&gt;; households changing grid: &lt;b&gt;{moved}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; grids, target &lt;b&gt;{target}&lt;/b&gt; households each; largest deviation &lt;b&gt;{dev}&lt;/b&gt; (tolerance {tol:.0%}); every grid in one piece: &lt;b&gt;{ok}&lt;/b&gt;; compactness (Polsby-Popper) mean &lt;b&gt;{ppm}&lt;/b&gt;, min &lt;b&gt;{ppn}&lt;/b&gt;; households changing grid: &lt;b&gt;{moved}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="640" />
        <source>Today ({n} grids)</source>
        <translation>Today ({n} grids)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="641" />
        <source>Proposal ({n} grids)</source>
        <translation>Proposal ({n} grids)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="653" />
        <source>The project changed since this plan was made; plan again</source>
        <translation>The project changed since this plan was made; plan again</translation>
    </message>
</context><context>
    <name>PlanPreview</name>
    <message>
        <location filename="../plan_dialog.py" line="182" />
        <source>within tolerance</source>
        <translation>within tolerance</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="183" />
        <source>up to twice it</source>
        <translation>up to twice it</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="184" />
        <source>beyond</source>
        <translation>beyond</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="185" />
        <source>locked</source>
        <translation>locked</translation>
    </message>
</context><context>
    <name>PreviewTaskDialog</name>
    <message>
        <location filename="../dialog_support.py" line="123" />
        <source>Rendering the preview…</source>
        <translation>Rendering the preview…</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="142" />
        <source>No preview</source>
        <translation>No preview</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="162" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="183" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context><context>
    <name>Problems</name>
    <message>
        <location filename="../problems_panel.py" line="33" />
        <source>Outside its parent</source>
        <translation>Outside its parent</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="34" />
        <source>Gap</source>
        <translation>Gap</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="35" />
        <source>Overlap</source>
        <translation>Overlap</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="36" />
        <source>Invalid geometry</source>
        <translation>Invalid geometry</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="37" />
        <source>Several parts</source>
        <translation>Several parts</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="38" />
        <source>Sliver</source>
        <translation>Sliver</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="39" />
        <source>Empty geometry</source>
        <translation>Empty geometry</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="40" />
        <source>Duplicate code</source>
        <translation>Duplicate code</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="41" />
        <source>Bad code</source>
        <translation>Bad code</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="42" />
        <source>No parent</source>
        <translation>No parent</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="43" />
        <source>Household outside</source>
        <translation>Household outside</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="44" />
        <source>Household in wrong grid</source>
        <translation>Household in wrong grid</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="45" />
        <source>Staffing</source>
        <translation>Staffing</translation>
    </message>
</context><context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Codes</source>
        <translation>Codes</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="102" />
        <source>Check again</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="103" />
        <source>Fix selected</source>
        <translation>Fix selected</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="104" />
        <source>Fix all of this kind</source>
        <translation>Fix all of this kind</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="105" />
        <source>Repair the chosen problem (undo with Ctrl+Z)</source>
        <translation>Repair the chosen problem (undo with Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="107" />
        <source>Repair every problem of the chosen kind that can be fixed automatically</source>
        <translation>Repair every problem of the chosen kind that can be fixed automatically</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="124" />
        <source>Run Tools → Grid health check to list problems here.</source>
        <translation>Run Tools → Grid health check to list problems here.</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="127" />
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="130" />
        <source>{n} problems: {kinds}</source>
        <translation>{n} problems: {kinds}</translation>
    </message>
</context><context>
    <name>ProjectLockHook</name>
    <message>
        <location filename="../project_lock.py" line="112" />
        <source>Project in use</source>
        <translation>Project in use</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="114" />
        <source>Open read-only</source>
        <translation>Open read-only</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="118" />
        <source>Break the lock…</source>
        <translation>Break the lock…</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="138" />
        <source>Break the lock</source>
        <translation>Break the lock</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="139" />
        <source>Only break the lock if {holder} has really closed the project (or that computer is off). Otherwise that program can no longer save, and one of the two sets of changes is lost. Break it?</source>
        <translation>Only break the lock if {holder} has really closed the project (or that computer is off). Otherwise that program can no longer save, and one of the two sets of changes is lost. Break it?</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="152" />
        <source>{name} is already open in another window of this program.</source>
        <translation>{name} is already open in another window of this program.</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="156" />
        <source>{name} is in use by {holder}.</source>
        <translation>{name} is in use by {holder}.</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="159" />
        <source>Save and close it there, then open it again; or open it read-only here: you can look and try changes, and keep them with Save As under another name.</source>
        <translation>Save and close it there, then open it again; or open it read-only here: you can look and try changes, and keep them with Save As under another name.</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="164" />
        <source>If that program has closed (for example the computer was switched off), you can break the lock.</source>
        <translation>If that program has closed (for example the computer was switched off), you can break the lock.</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="173" />
        <source>another program (its lock file cannot be read)</source>
        <translation>another program (its lock file cannot be read)</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="174" />
        <source>{program} of {user}@{host} (process {pid}, since {since})</source>
        <translation>{program} of {user}@{host} (process {pid}, since {since})</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="191" />
        <source>another program</source>
        <translation>another program</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="192" />
        <source>Read-only: {name} is in use by {holder}; Save As keeps your changes.</source>
        <translation>Read-only: {name} is in use by {holder}; Save As keeps your changes.</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="236" />
        <source>[Read-only] {title}</source>
        <translation>[Read-only] {title}</translation>
    </message>
</context><context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../autosave.py" line="64" />
        <source>Recover unsaved work</source>
        <translation>Recover unsaved work</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="67" />
        <source>Recover</source>
        <translation>Recover</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="69" />
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="71" />
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="77" />
        <source>a project not yet saved</source>
        <translation>a project not yet saved</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="78" />
        <source>gisgrid was not closed normally. Unsaved work on “{name}” ({where}) was autosaved at {time}.</source>
        <translation>gisgrid was not closed normally. Unsaved work on “{name}” ({where}) was autosaved at {time}.</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="86" />
        <source>The project file has not changed since: the autosaved copy holds newer work.</source>
        <translation>The project file has not changed since: the autosaved copy holds newer work.</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="90" />
        <source>The project file is no longer there; recovering lets you save the work again.</source>
        <translation>The project file is no longer there; recovering lets you save the work again.</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="94" />
        <source>The project was never saved; recovering lets you save it now.</source>
        <translation>The project was never saved; recovering lets you save it now.</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="96" />
        <source>Caution: the project file was saved after this autosave. Recovering shows the older autosaved work; saving it would replace the newer file.</source>
        <translation>Caution: the project file was saved after this autosave. Recovering shows the older autosaved work; saving it would replace the newer file.</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="100" />
        <source>Caution: the project file changed since this work began (saved elsewhere?). Recovering shows the autosaved work; saving it would replace the file's changes.</source>
        <translation>Caution: the project file changed since this work began (saved elsewhere?). Recovering shows the autosaved work; saving it would replace the file's changes.</translation>
    </message>
</context><context>
    <name>ReportDialog</name>
    <message>
        <location filename="../report_dialog.py" line="116" />
        <source>Weekly meeting pack</source>
        <translation>Weekly meeting pack</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="117" />
        <source>Weekly meeting pack (周调度)</source>
        <translation>Weekly meeting pack (周调度)</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="118" />
        <source>Monthly ranking (月度晾晒)</source>
        <translation>Monthly ranking (月度晾晒)</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="122" />
        <source>Report:</source>
        <translation>Report:</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="123" />
        <source>Week / month:</source>
        <translation>Week / month:</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="124" />
        <source>Contacts:</source>
        <translation>Contacts:</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="125" />
        <source>Output folder:</source>
        <translation>Output folder:</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="129" />
        <source>Show names and phone numbers in full</source>
        <translation>Show names and phone numbers in full</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="131" />
        <source>Privacy: the pack will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</source>
        <translation>Privacy: the pack will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="137" />
        <source>Writes three files: an offline HTML page for the meeting screen, a printable A4 PDF and the Excel ledger (demand, resolved and overdue lists, per grid).</source>
        <translation>Writes three files: an offline HTML page for the meeting screen, a printable A4 PDF and the Excel ledger (demand, resolved and overdue lists, per grid).</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="142" />
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="143" />
        <source>Build pack</source>
        <translation>Build pack</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="144" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="175" />
        <location filename="../report_dialog.py" line="145" />
        <source>Preview of page 1</source>
        <translation>Preview of page 1</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="163" />
        <source>Output folder</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="182" />
        <source>Choose an output folder first.</source>
        <translation>Choose an output folder first.</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="187" />
        <source>Building the pack…</source>
        <translation>Building the pack…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="190" />
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="195" />
        <source>Written:
{files}</source>
        <translation>Written:
{files}</translation>
    </message>
</context><context>
    <name>ReportHook</name>
    <message>
        <location filename="../report_dialog.py" line="214" />
        <source>&amp;Weekly meeting pack…</source>
        <translation>&amp;Weekly meeting pack…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="226" />
        <source>Open a project first.</source>
        <translation>Open a project first.</translation>
    </message>
</context><context>
    <name>Roles</name>
    <message>
        <location filename="../assignment_panel.py" line="51" />
        <source>Town leader</source>
        <translation>Town leader</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="52" />
        <source>Village liaison</source>
        <translation>Village liaison</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="53" />
        <source>Branch secretary</source>
        <translation>Branch secretary</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="54" />
        <source>Grid leader</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="55" />
        <source>Grid worker</source>
        <translation>Grid worker</translation>
    </message>
</context><context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="82" />
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="83" />
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="84" />
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="85" />
        <source>Autosave every:</source>
        <translation>Autosave every:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="86" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="87" />
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="88" />
        <source>Basemap (optional)</source>
        <translation>Basemap (optional)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="89" />
        <source>Show basemap tiles:</source>
        <translation>Show basemap tiles:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="90" />
        <source>Preset:</source>
        <translation>Preset:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="91" />
        <source>Tile URL:</source>
        <translation>Tile URL:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="92" />
        <source>Tianditu key (tk):</source>
        <translation>Tianditu key (tk):</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="94" />
        <source>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</source>
        <translation>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="102" />
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="103" />
        <source>Tianditu (vector)</source>
        <translation>Tianditu (vector)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="104" />
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="137" />
        <source>Basemap</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="138" />
        <source>Tianditu tiles need a key: enter your tk, or turn the basemap off.</source>
        <translation>Tianditu tiles need a key: enter your tk, or turn the basemap off.</translation>
    </message>
</context><context>
    <name>StatusBar</name>
    <message>
        <location filename="../status.py" line="45" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../status.py" line="80" />
        <source>Lon {lon:.6f}  Lat {lat:.6f}</source>
        <translation>Lon {lon:.6f}  Lat {lat:.6f}</translation>
    </message>
    <message>
        <location filename="../status.py" line="82" />
        <source>GK zone {zone}  X {x:,.1f}  Y {y:,.1f}</source>
        <translation>GK zone {zone}  X {x:,.1f}  Y {y:,.1f}</translation>
    </message>
    <message>
        <location filename="../status.py" line="91" />
        <source>Scale 1:{n:,.0f}</source>
        <translation>Scale 1:{n:,.0f}</translation>
    </message>
</context><context>
    <name>StyleEditor</name>
    <message>
        <location filename="../style_editor.py" line="139" />
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="141" />
        <source>Colour by:</source>
        <translation>Colour by:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="142" />
        <source>Field:</source>
        <translation>Field:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="143" />
        <source>Classes by:</source>
        <translation>Classes by:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="144" />
        <source>Classes:</source>
        <translation>Classes:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="145" />
        <source>Palette:</source>
        <translation>Palette:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="146" />
        <source>Fill:</source>
        <translation>Fill:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="147" />
        <source>Outline:</source>
        <translation>Outline:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="148" />
        <source>Labels:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="152" />
        <source>filled</source>
        <translation>filled</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="154" />
        <source>Single colour</source>
        <translation>Single colour</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="155" />
        <source>Categories of a field</source>
        <translation>Categories of a field</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="156" />
        <source>Classes of a number field</source>
        <translation>Classes of a number field</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="159" />
        <source>Natural breaks</source>
        <translation>Natural breaks</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="160" />
        <source>Quantiles</source>
        <translation>Quantiles</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="161" />
        <source>Equal interval</source>
        <translation>Equal interval</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="192" />
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
</context><context>
    <name>Task</name>
    <message>
        <location filename="../worker.py" line="36" />
        <source>Unexpected error: {0}</source>
        <translation>Unexpected error: {0}</translation>
    </message>
</context><context>
    <name>TileBasemap</name>
    <message>
        <location filename="../canvas/basemap.py" line="187" />
        <source>Basemap tiles could not be loaded: {0}</source>
        <translation>Basemap tiles could not be loaded: {0}</translation>
    </message>
</context></TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
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
    <name>CoverageMode</name>
    <message>
        <location filename="../coverage_mode.py" line="62" />
        <source>The project has no small grids to colour.</source>
        <translation type="unfinished" />
    </message>
</context><context>
    <name>EditUndoCommand</name>
    <message>
        <location filename="../main_window.py" line="68" />
        <source>{layer}, row {row}: {column}</source>
        <translation>{layer}, row {row}: {column}</translation>
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
        <location filename="../import_dialog.py" line="235" />
        <source>Import data</source>
        <translation>Import data</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="236" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="237" />
        <source>Import into:</source>
        <translation>Import into:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="238" />
        <source>File:</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="239" />
        <source>Sheet / layer:</source>
        <translation>Sheet / layer:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="240" />
        <source>Encoding:</source>
        <translation>Encoding:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="241" />
        <source>Existing features:</source>
        <translation>Existing features:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="242" />
        <source>keep and append</source>
        <translation>keep and append</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="243" />
        <source>replace</source>
        <translation>replace</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="244" />
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="245" />
        <source>detect automatically</source>
        <translation>detect automatically</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="246" />
        <source>Coordinates</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="247" />
        <source>Detected:</source>
        <translation>Detected:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="248" />
        <source>System:</source>
        <translation>System:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="249" />
        <source>Gauss-Krüger zone:</source>
        <translation>Gauss-Krüger zone:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="250" />
        <source>EPSG code:</source>
        <translation>EPSG code:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="251" />
        <source>Longitude / X column:</source>
        <translation>Longitude / X column:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="252" />
        <source>Latitude / Y column:</source>
        <translation>Latitude / Y column:</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="404" />
        <location filename="../import_dialog.py" line="254" />
        <source>as detected</source>
        <translation>as detected</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="255" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84 (GPS)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="256" />
        <source>CGCS2000 (lon/lat)</source>
        <translation>CGCS2000 (lon/lat)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="257" />
        <source>GCJ-02 (Gaode, Tencent)</source>
        <translation>GCJ-02 (Gaode, Tencent)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="466" />
        <location filename="../import_dialog.py" line="258" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09 (Baidu)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="259" />
        <source>CGCS2000 Gauss-Krüger zone</source>
        <translation>CGCS2000 Gauss-Krüger zone</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="260" />
        <source>Other EPSG code</source>
        <translation>Other EPSG code</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="268" />
        <source>Preview (first rows)</source>
        <translation>Preview (first rows)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="269" />
        <source>Columns: project field ← file column</source>
        <translation>Columns: project field ← file column</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>Project field</source>
        <translation>Project field</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>File column</source>
        <translation>File column</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="271" />
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="273" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="493" />
        <location filename="../import_dialog.py" line="274" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="275" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Choose a file to import</source>
        <translation>Choose a file to import</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="346" />
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="361" />
        <source>Cannot read the file</source>
        <translation>Cannot read the file</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="380" />
        <source>detect automatically ({0})</source>
        <translation>detect automatically ({0})</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="390" />
        <source>Header found in row {0}.</source>
        <translation>Header found in row {0}.</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="402" />
        <source>as detected ({0})</source>
        <translation>as detected ({0})</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="422" />
        <source>(not imported)</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="428" />
        <source>detected automatically</source>
        <translation>detected automatically</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="460" />
        <source>(choose a file)</source>
        <translation>(choose a file)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="465" />
        <source>GCJ-02 (Gaode)</source>
        <translation>GCJ-02 (Gaode)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="470" />
        <source>Gauss-Krüger zone {0}</source>
        <translation>Gauss-Krüger zone {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="478" />
        <source>column {0}</source>
        <translation>column {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="480" />
        <source>columns {0} / {1}</source>
        <translation>columns {0} / {1}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="482" />
        <source>geometry in the file</source>
        <translation>geometry in the file</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="502" />
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="522" />
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="538" />
        <source>{imported} of {read} rows imported into {layer}; {skipped} skipped.</source>
        <translation>{imported} of {read} rows imported into {layer}; {skipped} skipped.</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="548" />
        <source>Skipped rows</source>
        <translation>Skipped rows</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="548" />
        <source>{0} rows</source>
        <translation>{0} rows</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="555" />
        <source>Warnings</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="560" />
        <source>All rows imported</source>
        <translation>All rows imported</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="567" />
        <source>Import failed</source>
        <translation>Import failed</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="571" />
        <source>Import cancelled; the project is unchanged.</source>
        <translation>Import cancelled; the project is unchanged.</translation>
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
        <location filename="../actions.py" line="137" />
        <source>&amp;New project…</source>
        <translation>&amp;New project…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="138" />
        <source>&amp;Open project…</source>
        <translation>&amp;Open project…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="139" />
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../actions.py" line="140" />
        <source>Save &amp;as…</source>
        <translation>Save &amp;as…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="141" />
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="142" />
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../actions.py" line="143" />
        <source>Zoom to &amp;full extent</source>
        <translation>Zoom to &amp;full extent</translation>
    </message>
    <message>
        <location filename="../actions.py" line="144" />
        <source>Zoom to &amp;layer</source>
        <translation>Zoom to &amp;layer</translation>
    </message>
    <message>
        <location filename="../actions.py" line="145" />
        <source>Zoom to &amp;selection</source>
        <translation>Zoom to &amp;selection</translation>
    </message>
    <message>
        <location filename="../actions.py" line="146" />
        <source>&amp;Pan</source>
        <translation>&amp;Pan</translation>
    </message>
    <message>
        <location filename="../actions.py" line="147" />
        <source>Se&amp;lect</source>
        <translation>Se&amp;lect</translation>
    </message>
    <message>
        <location filename="../actions.py" line="148" />
        <source>&amp;Identify</source>
        <translation>&amp;Identify</translation>
    </message>
    <message>
        <location filename="../actions.py" line="149" />
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="150" />
        <source>&amp;Grid health check</source>
        <translation>&amp;Grid health check</translation>
    </message>
    <message>
        <location filename="../actions.py" line="151" />
        <source>&amp;About gisgrid</source>
        <translation>&amp;About gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="156" />
        <source>Import villages, grids, households or issues from a file</source>
        <translation>Import villages, grids, households or issues from a file</translation>
    </message>
    <message>
        <location filename="../actions.py" line="158" />
        <source>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</source>
        <translation>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</translation>
    </message>
    <message>
        <location filename="../actions.py" line="161" />
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../actions.py" line="162" />
        <source>&amp;Recent projects</source>
        <translation>&amp;Recent projects</translation>
    </message>
    <message>
        <location filename="../actions.py" line="163" />
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164" />
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165" />
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166" />
        <source>Se&amp;ttings</source>
        <translation>Se&amp;ttings</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167" />
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168" />
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169" />
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <location filename="../actions.py" line="177" />
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../actions.py" line="178" />
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../actions.py" line="201" />
        <source>(no recent projects)</source>
        <translation>(no recent projects)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="211" />
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../actions.py" line="225" />
        <location filename="../actions.py" line="219" />
        <source>New project</source>
        <translation>New project</translation>
    </message>
    <message>
        <location filename="../actions.py" line="219" />
        <source>Township (镇/街道) name:</source>
        <translation>Township (镇/街道) name:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="240" />
        <source>Save project as</source>
        <translation>Save project as</translation>
    </message>
    <message>
        <location filename="../actions.py" line="271" />
        <source>About gisgrid</source>
        <translation>About gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="272" />
        <source>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="203" />
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="204" />
        <source>Hierarchy</source>
        <translation>Hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="205" />
        <source>Layers and hierarchy</source>
        <translation>Layers and hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="206" />
        <source>Attribute table</source>
        <translation>Attribute table</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="207" />
        <source>Identify</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="208" />
        <source>Check results</source>
        <translation>Check results</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="210" />
        <source>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="228" />
        <source>gisgrid grid management</source>
        <translation>gisgrid grid management</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="230" />
        <source>not saved</source>
        <translation>not saved</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="244" />
        <source>gisgrid</source>
        <translation>gisgrid</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364" />
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="374" />
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="375" />
        <source>The project has unsaved changes. Save them first?</source>
        <translation>The project has unsaved changes. Save them first?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="495" />
        <source>{n} features selected</source>
        <translation>{n} features selected</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="514" />
        <source>Checking the hierarchy</source>
        <translation>Checking the hierarchy</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536" />
        <source>Export figures</source>
        <translation>Export figures</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>Exporting figures</source>
        <translation>Exporting figures</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="546" />
        <source>Wrote {path}</source>
        <translation>Wrote {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="595" />
        <source>Done: {0}</source>
        <translation>Done: {0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="598" />
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="75" />
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="76" />
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="77" />
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="78" />
        <source>Basemap (optional)</source>
        <translation>Basemap (optional)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="79" />
        <source>Show basemap tiles:</source>
        <translation>Show basemap tiles:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="80" />
        <source>Preset:</source>
        <translation>Preset:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="81" />
        <source>Tile URL:</source>
        <translation>Tile URL:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="82" />
        <source>Tianditu key (tk):</source>
        <translation>Tianditu key (tk):</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="84" />
        <source>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</source>
        <translation>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="92" />
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="93" />
        <source>Tianditu (vector)</source>
        <translation>Tianditu (vector)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="94" />
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="127" />
        <source>Basemap</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="128" />
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
        <location filename="../worker.py" line="111" />
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

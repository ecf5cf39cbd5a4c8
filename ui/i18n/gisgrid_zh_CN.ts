<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
    <name>AssignmentControl</name>
    <message>
        <location filename="../assignment_control.py" line="104" />
        <source>Cadre assignment</source>
        <translation>干部分配</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="105" />
        <source>&amp;Propose cadre assignments…</source>
        <translation>优化分配建议(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="106" />
        <source>Assign &amp;households to grids…</source>
        <translation>住户归入网格(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="107" />
        <source>&amp;Export grid responsibility map…</source>
        <translation>导出网格责任图(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="108" />
        <source>&amp;Coverage map</source>
        <translation>网格责任图模式(&amp;C)</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="109" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="110" />
        <source>Colour grids by leader</source>
        <translation>按网格长着色</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="111" />
        <source>Colour grids by households</source>
        <translation>按户数着色</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="247" />
        <source>No grid under the drop point.</source>
        <translation>放下位置没有网格。</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="262" />
        <source>Proposing cadre assignments</source>
        <translation>正在计算干部分配建议</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="280" />
        <source>The assignments changed since the proposal was made; propose again.</source>
        <translation>生成建议后干部分配已有变动，请重新生成建议。</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="290" />
        <source>Assigning households to grids</source>
        <translation>正在把住户归入网格</translation>
    </message>
    <message>
        <location filename="../assignment_control.py" line="308" />
        <source>The households changed since they were located; run it again.</source>
        <translation>定位后住户数据已有变动，请重新运行。</translation>
    </message>
</context><context>
    <name>AssignmentDialogs</name>
    <message>
        <location filename="../assignment_dialogs.py" line="87" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="91" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="123" />
        <source>Cadre</source>
        <translation>干部</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="124" />
        <source>Duty</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="125" />
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="126" />
        <source>Home to unit</source>
        <translation>住址到单元距离</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="127" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="133" />
        <source>{added} assignment(s) to add, {removed} to remove, {uncovered} unit(s) stay uncovered. Total distance from homes to units: {km:,.1f} km.</source>
        <translation>新增 {added} 项分配，撤销 {removed} 项，{uncovered} 个单元仍无人负责。干部住址到所负责单元的总距离：{km:,.1f} 公里。</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="144" />
        <source>Proposed cadre assignments</source>
        <translation>干部分配建议</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="165" />
        <source>outside every grid; nearest {code} at {d}</source>
        <translation>不在任何网格内；最近网格 {code}，距离 {d}</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="169" />
        <source>outside every grid</source>
        <translation>不在任何网格内</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="172" />
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="173" />
        <source>Grid before</source>
        <translation>原网格</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="174" />
        <source>Grid after</source>
        <translation>新网格</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="175" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="177" />
        <source>{checked} households checked: {changed} change grid, {assigned} have a grid, {outside} lie outside every grid, {pinned} pinned by hand are kept.</source>
        <translation>共检查 {checked} 户：{changed} 户变更网格，{assigned} 户已有网格，{outside} 户不在任何网格内，{pinned} 户手工指定的保持不变。</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="190" />
        <source>{n} household(s) have no location and keep the grid they had.</source>
        <translation>另有 {n} 户没有位置，保持原网格不变。</translation>
    </message>
    <message>
        <location filename="../assignment_dialogs.py" line="195" />
        <source>Households → grids</source>
        <translation>住户归入网格</translation>
    </message>
</context><context>
    <name>AssignmentPanel</name>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <location filename="../assignment_panel.py" line="162" />
        <source>Cadre</source>
        <translation>干部</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Party</source>
        <translation>党员</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="162" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="163" />
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <source>Duty</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="165" />
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="166" />
        <source>Selected grid and its team</source>
        <translation>所选网格及其责任人</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="169" />
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="170" />
        <source>Remove from duty</source>
        <translation>解除职责</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="171" />
        <source>Propose assignments…</source>
        <translation>优化分配建议…</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="172" />
        <source>Households → grids…</source>
        <translation>住户归入网格…</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="174" />
        <source>Fill uncovered duties and relieve overloaded cadres (shown before applied)</source>
        <translation>为无人负责的单元配备干部并减轻超负荷干部（应用前先显示变动）</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="176" />
        <source>Coverage map:</source>
        <translation>责任图着色：</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Colour by grid leader</source>
        <translation>按网格长着色</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="178" />
        <source>Colour by households</source>
        <translation>按户数着色</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="181" />
        <source>Drag a cadre onto a grid of the map to assign them</source>
        <translation>把干部拖到地图上的网格即可分配</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="195" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="195" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="196" />
        <source>party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="196" />
        <source>not a member</source>
        <translation>非党员</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="216" />
        <source>{n} cadres; {over} over their limits. Drag a cadre onto a grid to assign.</source>
        <translation>共 {n} 名干部，{over} 名超出负荷上限。把干部拖到网格上即可分配。</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="223" />
        <source>— choose a grid —</source>
        <translation>— 选择网格 —</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="247" />
        <source> (not a member)</source>
        <translation>（非党员）</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="257" />
        <source>(none)</source>
        <translation>（未配备）</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="281" />
        <source>Select a small grid on the map or in the list.</source>
        <translation>请在地图上或列表中选择一个小网格。</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="284" />
        <source>Grid {code}: {n} households</source>
        <translation>网格 {code}：{n} 户</translation>
    </message>
</context><context>
    <name>AttributeTable</name>
    <message>
        <location filename="../attribute_table.py" line="57" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="58" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="313" />
        <source>Layer:</source>
        <translation>图层：</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="314" />
        <source>Filter rows by text…</source>
        <translation>按文字筛选行…</translation>
    </message>
    <message>
        <location filename="../attribute_table.py" line="380" />
        <source>{shown} of {total} rows, {selected} selected</source>
        <translation>显示 {shown} / 共 {total} 行，已选 {selected}</translation>
    </message>
</context><context>
    <name>AutosaveHook</name>
    <message>
        <location filename="../autosave.py" line="177" />
        <source>Autosaved {time}</source>
        <translation>已自动保存 {time}</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="180" />
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="270" />
        <source>Recovered the work autosaved at {time}; save it to keep it</source>
        <translation>已恢复 {time} 自动保存的内容；保存后才会写入项目文件</translation>
    </message>
</context><context>
    <name>CoverageMode</name>
    <message>
        <location filename="../coverage_mode.py" line="62" />
        <source>The project has no small grids to colour.</source>
        <translation>项目中没有可着色的小网格。</translation>
    </message>
</context><context>
    <name>EditTools</name>
    <message>
        <location filename="../edit_tools.py" line="220" />
        <source>Draw grid</source>
        <translation>绘制网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="222" />
        <source>Click the corners of a new grid; double-click or Enter ends, Esc cancels</source>
        <translation>依次点击新网格的各个角点；双击或按 Enter 结束，Esc 取消</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="224" />
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="226" />
        <source>Draw a line across the selected grid; double-click or Enter cuts it</source>
        <translation>在所选网格上画一条穿过它的线；双击或按 Enter 进行分割</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="228" />
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="229" />
        <source>Merge the selected neighbouring grids into one</source>
        <translation>将所选的相邻网格合并为一个</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="230" />
        <source>Move vertex</source>
        <translation>移动节点</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="232" />
        <source>Drag a grid corner; neighbours sharing it follow, snapping to nearby edges</source>
        <translation>拖动网格角点；共用该点的相邻网格随之移动，并吸附到附近的边</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="367" />
        <location filename="../edit_tools.py" line="234" />
        <source>Reassign households</source>
        <translation>调整住户</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="235" />
        <source>Give the selected households to a neighbouring grid</source>
        <translation>将所选住户划给相邻网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="334" />
        <location filename="../edit_tools.py" line="236" />
        <source>Delete grid</source>
        <translation>删除网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="238" />
        <source>Delete the selected grid; its area joins a neighbour or stays a gap</source>
        <translation>删除所选网格；其范围并入相邻网格或留作空白</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="240" />
        <source>Plan grids automatically…</source>
        <translation>自动划分网格…</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="242" />
        <location filename="../edit_tools.py" line="241" />
        <source>Edit grids</source>
        <translation>编辑网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="322" />
        <source>Select the grid to delete on the map first</source>
        <translation>请先在地图上选择要删除的网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="336" />
        <source>Delete {codes}. Give the area to the neighbouring grid that shares the longest border, or leave it uncovered?</source>
        <translation>删除 {codes}。将其范围并入边界相接最长的相邻网格，还是留作空白？</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="341" />
        <source>Join neighbour</source>
        <translation>并入相邻网格</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="342" />
        <source>Leave a gap</source>
        <translation>留作空白</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="357" />
        <source>Select the households to reassign on the map first</source>
        <translation>请先在地图上选择要调整的住户</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="363" />
        <source>The selected households lie in no grid</source>
        <translation>所选住户不在任何网格内</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="368" />
        <source>Give {n} households to grid:</source>
        <translation>将 {n} 户划给网格：</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="405" />
        <source>{layer}: {hint}</source>
        <translation>{layer}：{hint}</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="442" />
        <source>Click at least three corners to draw a grid</source>
        <translation>绘制网格至少需要点击三个角点</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="447" />
        <source>Draw the split line with at least two clicks</source>
        <translation>分割线至少需要点击两次</translation>
    </message>
    <message>
        <location filename="../edit_tools.py" line="453" />
        <source>Select the one grid to split, or draw the line across one grid only</source>
        <translation>请先选择要分割的网格，或只穿过一个网格画线</translation>
    </message>
</context><context>
    <name>EditUndoCommand</name>
    <message>
        <location filename="../main_window.py" line="75" />
        <source>{layer}, row {row}: {column}</source>
        <translation>{layer} 第 {row} 行：{column}</translation>
    </message>
</context><context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="118" />
        <source>Export grid responsibility map</source>
        <translation>导出网格责任图</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="120" />
        <source>PDF atlas (overview + one page per village)</source>
        <translation>PDF 图集（总图 + 每村一页）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="121" />
        <source>PNG image (300 dpi)</source>
        <translation>PNG 图片（300 dpi）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="122" />
        <source>Interactive HTML map (works offline)</source>
        <translation>交互式 HTML 地图（可离线使用）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>Excel roster (网格责任表)</source>
        <translation>Excel 网格责任表</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="127" />
        <source>Whole town</source>
        <translation>全镇</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="128" />
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="129" />
        <source>Households (load)</source>
        <translation>户数（负荷）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="130" />
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="131" />
        <source>Show names and phone numbers in full</source>
        <translation>完整显示姓名和电话</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="133" />
        <source>Privacy: the export will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</source>
        <translation>隐私提示：导出文件将包含干部的完整姓名和电话号码，只能提供给有权查看的人员。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="139" />
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="140" />
        <source>Village:</source>
        <translation>村(社区)：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="141" />
        <source>Paper:</source>
        <translation>纸张：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="142" />
        <source>Orientation:</source>
        <translation>方向：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="143" />
        <source>Colour grids by:</source>
        <translation>网格着色：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="144" />
        <source>Contacts:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="145" />
        <source>Output file:</source>
        <translation>输出文件：</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="149" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="150" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="151" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="152" />
        <source>Preview of the first page</source>
        <translation>第一页预览</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="187" />
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="205" />
        <source>Preview of page 1 of {n}</source>
        <translation>预览：第 1 页，共 {n} 页</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="212" />
        <source>Choose an output file first.</source>
        <translation>请先选择输出文件。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="222" />
        <source>Exporting {name}…</source>
        <translation>正在导出 {name}…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="225" />
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="229" />
        <source>Written: {path}</source>
        <translation>已写入：{path}</translation>
    </message>
</context><context>
    <name>HierarchyModel</name>
    <message>
        <location filename="../hierarchy_panel.py" line="111" />
        <source>{name} ({code}): {n} households, {p} people, {a} mu, {c} cadres, {i} issues</source>
        <translation>{name}（{code}）：{n} 户，{p} 人，{a} 亩，干部 {c} 名，诉求 {i} 件</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="133" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="134" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="135" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="136" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="137" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="138" />
        <source>Area (mu)</source>
        <translation>面积(亩)</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="139" />
        <source>Cadres</source>
        <translation>干部</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="140" />
        <source>Issues</source>
        <translation>诉求</translation>
    </message>
</context><context>
    <name>HierarchyPanel</name>
    <message>
        <location filename="../hierarchy_panel.py" line="208" />
        <source>Search by name or code…</source>
        <translation>按名称或编码搜索…</translation>
    </message>
    <message>
        <location filename="../hierarchy_panel.py" line="209" />
        <source>Export figures to Excel…</source>
        <translation>导出统计表…</translation>
    </message>
</context><context>
    <name>HotspotView</name>
    <message>
        <location filename="../hotspot_view.py" line="190" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="192" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="193" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="194" />
        <source>Days per step</source>
        <translation>每步天数</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="195" />
        <source>Length of the time steps of the emerging hot spots</source>
        <translation>时空热点分析的时间步长</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="196" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="197" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="198" />
        <source>Save as HTML…</source>
        <translation>另存为 HTML…</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="202" />
        <source>Small grids</source>
        <translation>小网格</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="203" />
        <source>Large grids</source>
        <translation>大网格</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Issues</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="206" />
        <source>Per 100 households</source>
        <translation>每百户</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="207" />
        <source>Gi* class</source>
        <translation>Gi* 类别</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="207" />
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="251" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="258" />
        <source>&lt;h3&gt;The map view cannot start&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;The figures are in the list on the left; use &lt;b&gt;Save as HTML…&lt;/b&gt; and open the file in a web browser to see the map.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;无法启动地图视图&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;统计数据见左侧列表；可用&lt;b&gt;另存为 HTML…&lt;/b&gt;保存后在浏览器中打开查看地图。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="264" />
        <source>Import issues (File → Import, into 诉求) to map their hotspots.</source>
        <translation>请先导入诉求（文件 → 导入，导入到“诉求”），再绘制热点图。</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="266" />
        <source>Choose the period, grids and category, then press &lt;b&gt;Run&lt;/b&gt; to find the hot and cold spots (Getis-Ord Gi*) and the emerging patterns.</source>
        <translation>选择时间段、网格和类别，然后点击&lt;b&gt;运行&lt;/b&gt;，查找热点和冷点（Getis-Ord Gi*）及其时空变化。</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="297" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="303" />
        <source>Computing hotspots…</source>
        <translation>正在计算热点…</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="316" />
        <source>Computing hotspots… {0}</source>
        <translation>正在计算热点… {0}</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="334" />
        <source>{issues} issues in {grids} grids: {hot} hot spots, {cold} cold spots.</source>
        <translation>{grids} 个网格共 {issues} 件诉求：热点 {hot} 个，冷点 {cold} 个。</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="398" />
        <source>The map page could not be shown.</source>
        <translation>无法显示地图页面。</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="416" />
        <source>Save hotspot map</source>
        <translation>保存热点图</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="423" />
        <source>Save failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <location filename="../hotspot_view.py" line="425" />
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context><context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../identify_panel.py" line="45" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="45" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="47" />
        <source>Use the identify tool and click a feature on the map.</source>
        <translation>使用“识别”工具，在地图上点击要素。</translation>
    </message>
    <message>
        <location filename="../identify_panel.py" line="74" />
        <source>{layer}, feature {row}</source>
        <translation>{layer}，第 {row} 个要素</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="250" />
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="251" />
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="252" />
        <source>Import into:</source>
        <translation>导入到：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="253" />
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="254" />
        <source>Sheet / layer:</source>
        <translation>工作表/图层：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="255" />
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="256" />
        <source>Existing features:</source>
        <translation>已有要素：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="257" />
        <source>keep and append</source>
        <translation>保留并追加</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="258" />
        <source>replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="259" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="260" />
        <source>detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="261" />
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="262" />
        <source>Detected:</source>
        <translation>识别结果：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="263" />
        <source>System:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="264" />
        <source>Gauss-Krüger zone:</source>
        <translation>高斯-克吕格带号：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="265" />
        <source>EPSG code:</source>
        <translation>EPSG 代码：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="266" />
        <source>Longitude / X column:</source>
        <translation>经度/X 列：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="267" />
        <source>Latitude / Y column:</source>
        <translation>纬度/Y 列：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="419" />
        <location filename="../import_dialog.py" line="269" />
        <source>as detected</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="271" />
        <source>CGCS2000 (lon/lat)</source>
        <translation>CGCS2000（经纬度）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>GCJ-02 (Gaode, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="481" />
        <location filename="../import_dialog.py" line="273" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="274" />
        <source>CGCS2000 Gauss-Krüger zone</source>
        <translation>CGCS2000 高斯-克吕格投影</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="275" />
        <source>Other EPSG code</source>
        <translation>其他 EPSG 代码</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="283" />
        <source>Preview (first rows)</source>
        <translation>预览（前几行）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="284" />
        <source>Columns: project field ← file column</source>
        <translation>字段对应：项目字段 ← 文件列</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="285" />
        <source>Project field</source>
        <translation>项目字段</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="285" />
        <source>File column</source>
        <translation>文件列</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="286" />
        <source>Result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="288" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="508" />
        <location filename="../import_dialog.py" line="289" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="290" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="302" />
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="361" />
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="376" />
        <source>Cannot read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="395" />
        <source>detect automatically ({0})</source>
        <translation>自动识别（{0}）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="405" />
        <source>Header found in row {0}.</source>
        <translation>表头位于第 {0} 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="417" />
        <source>as detected ({0})</source>
        <translation>按识别结果（{0}）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="437" />
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="443" />
        <source>detected automatically</source>
        <translation>已自动识别</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="475" />
        <source>(choose a file)</source>
        <translation>（请选择文件）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="480" />
        <source>GCJ-02 (Gaode)</source>
        <translation>GCJ-02（高德）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="485" />
        <source>Gauss-Krüger zone {0}</source>
        <translation>高斯-克吕格 {0} 带</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="493" />
        <source>column {0}</source>
        <translation>列 {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="495" />
        <source>columns {0} / {1}</source>
        <translation>列 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="497" />
        <source>geometry in the file</source>
        <translation>文件自带几何</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="517" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="537" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="553" />
        <source>{imported} of {read} rows imported into {layer}; {skipped} skipped.</source>
        <translation>共读取 {read} 行，已导入 {imported} 行到“{layer}”，跳过 {skipped} 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="563" />
        <source>Skipped rows</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="563" />
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="570" />
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="575" />
        <source>All rows imported</source>
        <translation>全部导入成功</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="582" />
        <source>Issues</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="583" />
        <source>{added} new, {updated} updated</source>
        <translation>新增 {added} 条，更新 {updated} 条</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="586" />
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="588" />
        <source>Located by {0}</source>
        <translation>定位方式：{0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="591" />
        <source>Unmapped category (kept as 其他)</source>
        <translation>未对应的类别（归为“其他”）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="594" />
        <source>Unknown status</source>
        <translation>未知状态</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="601" />
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="605" />
        <source>Import cancelled; the project is unchanged.</source>
        <translation>已取消导入，项目未改动。</translation>
    </message>
</context><context>
    <name>Issues</name>
    <message>
        <location filename="../issues_panel.py" line="70" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="71" />
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="72" />
        <source>Being handled</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="73" />
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="74" />
        <source>Reviewed</source>
        <translation>已回访</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="82" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="83" />
        <source>Patrol</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="84" />
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="85" />
        <source>Petition</source>
        <translation>信访</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="311" />
        <source>Days overdue</source>
        <translation>超期天数</translation>
    </message>
</context><context>
    <name>IssuesHook</name>
    <message>
        <location filename="../issues_hook.py" line="62" />
        <source>Issues</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../issues_hook.py" line="63" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../issues_hook.py" line="64" />
        <source>Hotspot map</source>
        <translation>热点图</translation>
    </message>
</context><context>
    <name>IssuesPanel</name>
    <message>
        <location filename="../issues_panel.py" line="410" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="412" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="413" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="414" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="415" />
        <source>Overdue only</source>
        <translation>仅超期</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="416" />
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="417" />
        <source>Show the issues of every grid again</source>
        <translation>重新显示所有网格的诉求</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="418" />
        <source>Reset filters</source>
        <translation>重置筛选</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="489" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="556" />
        <source>Grid: {0}</source>
        <translation>网格：{0}</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="559" />
        <source>No issues in the project yet.</source>
        <translation>项目中还没有诉求。</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="562" />
        <source>Working out the closed-loop figures…</source>
        <translation>正在计算闭环指标…</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="565" />
        <source>&lt;b&gt;{shown}&lt;/b&gt; of {total} issues</source>
        <translation>显示 &lt;b&gt;{shown}&lt;/b&gt; / 共 {total} 件诉求</translation>
    </message>
    <message>
        <location filename="../issues_panel.py" line="579" />
        <source>new {new} · resolved {resolved} · resolution rate &lt;b&gt;{rrate}&lt;/b&gt; · on time &lt;b&gt;{orate}&lt;/b&gt; · &lt;span style='color:#b3261e'&gt;overdue &lt;b&gt;{overdue}&lt;/b&gt;&lt;/span&gt; (as of {at})</source>
        <translation>新增 {new} · 办结 {resolved} · 办结率 &lt;b&gt;{rrate}&lt;/b&gt; · 按期率 &lt;b&gt;{orate}&lt;/b&gt; · &lt;span style='color:#b3261e'&gt;超期 &lt;b&gt;{overdue}&lt;/b&gt;&lt;/span&gt;（截至 {at}）</translation>
    </message>
</context><context>
    <name>LayerPanel</name>
    <message>
        <location filename="../layer_panel.py" line="114" />
        <source>Move layer up</source>
        <translation>上移图层</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="115" />
        <source>Move layer down</source>
        <translation>下移图层</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="116" />
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <location filename="../layer_panel.py" line="118" />
        <source>Tick to show a layer; drag to reorder; double-click to zoom to it</source>
        <translation>勾选以显示图层；拖动可调整顺序；双击缩放到该图层</translation>
    </message>
</context><context>
    <name>MainActions</name>
    <message>
        <location filename="../actions.py" line="138" />
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="139" />
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="140" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="141" />
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="142" />
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="143" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="144" />
        <source>Zoom to &amp;full extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="145" />
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="146" />
        <source>Zoom to &amp;selection</source>
        <translation>缩放到选中(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="147" />
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="148" />
        <source>Se&amp;lect</source>
        <translation>选择(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="149" />
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="150" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="151" />
        <source>&amp;Grid health check</source>
        <translation>网格体检(&amp;G)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="152" />
        <source>&amp;About gisgrid</source>
        <translation>关于 gisgrid(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="157" />
        <source>Import villages, grids, households or issues from a file</source>
        <translation>从文件导入村、网格、户或诉求</translation>
    </message>
    <message>
        <location filename="../actions.py" line="159" />
        <source>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</source>
        <translation>检查网格层级的嵌套、缝隙、重叠、编码和农户归属</translation>
    </message>
    <message>
        <location filename="../actions.py" line="162" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="163" />
        <source>&amp;Recent projects</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167" />
        <source>Se&amp;ttings</source>
        <translation>设置(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="170" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../actions.py" line="178" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../actions.py" line="179" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../actions.py" line="202" />
        <source>(no recent projects)</source>
        <translation>（没有最近的项目）</translation>
    </message>
    <message>
        <location filename="../actions.py" line="212" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../actions.py" line="225" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../actions.py" line="241" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../actions.py" line="272" />
        <source>About gisgrid</source>
        <translation>关于 gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="273" />
        <source>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;乡镇网格化管理：村与网格、干部与农户、群众诉求热点。&lt;/p&gt;&lt;p&gt;无需联网即可使用；项目为 GeoPackage 文件，也可用 QGIS 打开。&lt;/p&gt;</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="218" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="219" />
        <source>Hierarchy</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="220" />
        <source>Layers and hierarchy</source>
        <translation>图层与层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="221" />
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="222" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="223" />
        <source>Check results</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="225" />
        <source>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;gisgrid 网格化管理&lt;/h2&gt;&lt;p&gt;通过&lt;b&gt;文件 → 打开项目&lt;/b&gt;打开已有项目，或通过&lt;b&gt;文件 → 新建项目&lt;/b&gt;新建项目，再用&lt;b&gt;文件 → 导入&lt;/b&gt;导入村界和网格数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="243" />
        <source>gisgrid grid management</source>
        <translation>gisgrid 网格化管理</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="245" />
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="260" />
        <source>gisgrid</source>
        <translation>gisgrid</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395" />
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="396" />
        <source>The project has unsaved changes. Save them first?</source>
        <translation>项目有未保存的修改，是否先保存？</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="517" />
        <source>{n} features selected</source>
        <translation>已选择 {n} 个要素</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="537" />
        <source>Checking the hierarchy</source>
        <translation>正在检查层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>Hierarchy checked</source>
        <translation>层级检查完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="560" />
        <source>Export figures</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="560" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="565" />
        <source>Exporting figures</source>
        <translation>正在导出统计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="570" />
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="626" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="631" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context><context>
    <name>MapCanvas</name>
    <message>
        <location filename="../canvas/overlays.py" line="211" />
        <source>N</source>
        <translation>北</translation>
    </message>
</context><context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="32" />
        <location filename="../names.py" line="14" />
        <source>Town</source>
        <translation>镇(街道)</translation>
    </message>
    <message>
        <location filename="../names.py" line="15" />
        <source>Villages</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <location filename="../names.py" line="16" />
        <source>Large grids</source>
        <translation>大网格</translation>
    </message>
    <message>
        <location filename="../names.py" line="17" />
        <source>Small grids</source>
        <translation>小网格</translation>
    </message>
    <message>
        <location filename="../names.py" line="18" />
        <source>Micro grids</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location filename="../names.py" line="19" />
        <source>Households</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../names.py" line="20" />
        <source>Cadres</source>
        <translation>干部</translation>
    </message>
    <message>
        <location filename="../names.py" line="21" />
        <source>Assignments</source>
        <translation>分工</translation>
    </message>
    <message>
        <location filename="../names.py" line="22" />
        <source>Issues</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../names.py" line="23" />
        <source>Check problems</source>
        <translation>体检问题</translation>
    </message>
    <message>
        <location filename="../names.py" line="31" />
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../names.py" line="33" />
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <location filename="../names.py" line="34" />
        <source>Large grid</source>
        <translation>大网格</translation>
    </message>
    <message>
        <location filename="../names.py" line="35" />
        <source>Small grid</source>
        <translation>小网格</translation>
    </message>
    <message>
        <location filename="../names.py" line="36" />
        <source>Micro grid</source>
        <translation>微网格</translation>
    </message>
</context><context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../new_project_dialog.py" line="109" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="110" />
        <source>Township (镇/街道) name:</source>
        <translation>镇(街道)名称：</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="111" />
        <source>Township code:</source>
        <translation>镇(街道)代码：</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="112" />
        <source>e.g. 临河镇</source>
        <translation>如：临河镇</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="113" />
        <source>12 digits, e.g. 371521103000 (optional)</source>
        <translation>12位统计用区划代码，如 371521103000（可不填）</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="114" />
        <source>Hierarchy levels</source>
        <translation>网格层级</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="115" />
        <source>4 levels: {chain}</source>
        <translation>四级：{chain}</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="116" />
        <source>5 levels: {chain}</source>
        <translation>五级：{chain}</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="118" />
        <source>Micro grids (微网格) divide each small grid into groups of about 10–30 households, each with a household representative (联户代表).</source>
        <translation>微网格把每个小网格再分成约10–30户一组，每组设一名联户代表。</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="124" />
        <source>Next: File → Import brings in the town or village boundaries and the household ledger; Tools → Plan grids automatically then draws the large and small grids, and Tools → Grid health check shows what is left to fix.</source>
        <translation>下一步：用“文件 → 导入”导入镇、村边界和住户台账；再用“工具 → 自动划分网格”生成大网格和小网格；“工具 → 网格体检”列出还需处理的问题。</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="130" />
        <source>Create…</source>
        <translation>创建…</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="131" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="147" />
        <source>The township code may only contain digits: 12 of them (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</source>
        <translation>镇(街道)代码只能是数字，共12位（6位县级代码 + 3位乡镇代码 + 000），如 371521103000。不清楚可先留空。</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="151" />
        <source>The township code has {n} digits; it needs 12 (6-digit county + 3-digit town + 000), e.g. 371521103000. Leave it empty if you do not know it.</source>
        <translation>镇(街道)代码现在是 {n} 位，应为12位（6位县级代码 + 3位乡镇代码 + 000），如 371521103000。不清楚可先留空。</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="160" />
        <source>A township's code ends in 000; {code} looks like a village's. Check it before creating the project.</source>
        <translation>镇(街道)代码以000结尾；{code} 像是村(社区)代码，创建前请核对。</translation>
    </message>
    <message>
        <location filename="../new_project_dialog.py" line="173" />
        <source>Enter the township's name</source>
        <translation>请填写镇(街道)名称</translation>
    </message>
</context><context>
    <name>PlanDialog</name>
    <message>
        <location filename="../plan_dialog.py" line="362" />
        <source>Plan grids automatically</source>
        <translation>自动划分网格</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="366" />
        <source>Parent unit</source>
        <translation>上级单元</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="367" />
        <source>Grids to draw</source>
        <translation>划分层级</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="368" />
        <source>How many</source>
        <translation>划分数量</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="369" />
        <source>Tolerance</source>
        <translation>允许偏差</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="370" />
        <source>Locked grids</source>
        <translation>锁定网格</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="371" />
        <source>Follow lines of</source>
        <translation>沿线划界</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="375" />
        <source>Number of grids</source>
        <translation>网格个数</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="376" />
        <source>Households per grid</source>
        <translation>每格户数</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="377" />
        <source>codes kept as they are, separated by commas</source>
        <translation>保持不变的网格编码，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="378" />
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="379" />
        <source>Plan</source>
        <translation>生成方案</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="380" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="381" />
        <source>Apply plan</source>
        <translation>采用方案</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="382" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="385" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="386" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="387" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="388" />
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="389" />
        <source>Compactness</source>
        <translation>紧凑度</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="408" />
        <source>{layer} (adds this level to the project)</source>
        <translation>{layer}（应用后项目新增此层级）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="414" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="418" />
        <source>Borders of {layer}</source>
        <translation>{layer}边界</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="445" />
        <source>Whole town (every parent)</source>
        <translation>全镇（所有上级单元）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="467" />
        <source>Roads, rivers or canals</source>
        <translation>道路、河流或沟渠</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="469" />
        <source>Vector files (*.shp *.gpkg *.geojson *.json *.kml *.kmz);;All files (*)</source>
        <translation>矢量文件 (*.shp *.gpkg *.geojson *.json *.kml *.kmz);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="514" />
        <source>Planning grids</source>
        <translation>正在划分网格</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="532" />
        <source>Stopped; nothing was changed.</source>
        <translation>已停止，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="582" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="582" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="584" />
        <source>&lt;b&gt;{n}&lt;/b&gt; grids, target &lt;b&gt;{target}&lt;/b&gt; households each; largest deviation &lt;b&gt;{dev}&lt;/b&gt; (tolerance {tol:.0%}); every grid in one piece: &lt;b&gt;{ok}&lt;/b&gt;; compactness (Polsby-Popper) mean &lt;b&gt;{ppm}&lt;/b&gt;, min &lt;b&gt;{ppn}&lt;/b&gt;; households changing grid: &lt;b&gt;{moved}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; 个网格，目标每格 &lt;b&gt;{target}&lt;/b&gt; 户；最大偏差 &lt;b&gt;{dev}&lt;/b&gt;（允许 {tol:.0%}）；各网格连片：&lt;b&gt;{ok}&lt;/b&gt;；紧凑度（Polsby-Popper）平均 &lt;b&gt;{ppm}&lt;/b&gt;，最小 &lt;b&gt;{ppn}&lt;/b&gt;；改变网格的住户：&lt;b&gt;{moved}&lt;/b&gt; 户</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="640" />
        <source>Today ({n} grids)</source>
        <translation>现状（{n} 个网格）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="641" />
        <source>Proposal ({n} grids)</source>
        <translation>方案（{n} 个网格）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="653" />
        <source>The project changed since this plan was made; plan again</source>
        <translation>生成方案后项目已有改动，请重新生成方案</translation>
    </message>
</context><context>
    <name>PlanPreview</name>
    <message>
        <location filename="../plan_dialog.py" line="182" />
        <source>within tolerance</source>
        <translation>偏差内</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="183" />
        <source>up to twice it</source>
        <translation>超出（两倍内）</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="184" />
        <source>beyond</source>
        <translation>超出两倍</translation>
    </message>
    <message>
        <location filename="../plan_dialog.py" line="185" />
        <source>locked</source>
        <translation>锁定</translation>
    </message>
</context><context>
    <name>PreviewTaskDialog</name>
    <message>
        <location filename="../dialog_support.py" line="123" />
        <source>Rendering the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="142" />
        <source>No preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="162" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../dialog_support.py" line="183" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context><context>
    <name>Problems</name>
    <message>
        <location filename="../problems_panel.py" line="33" />
        <source>Outside its parent</source>
        <translation>超出上级范围</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="34" />
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="35" />
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="36" />
        <source>Invalid geometry</source>
        <translation>几何无效</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="37" />
        <source>Several parts</source>
        <translation>多部件</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="38" />
        <source>Sliver</source>
        <translation>碎片</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="39" />
        <source>Empty geometry</source>
        <translation>空几何</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="40" />
        <source>Duplicate code</source>
        <translation>编码重复</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="41" />
        <source>Bad code</source>
        <translation>编码不规范</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="42" />
        <source>No parent</source>
        <translation>无上级</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="43" />
        <source>Household outside</source>
        <translation>户在范围外</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="44" />
        <source>Household in wrong grid</source>
        <translation>户与所属网格不符</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="45" />
        <source>Staffing</source>
        <translation>人员配备</translation>
    </message>
</context><context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Codes</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="100" />
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="102" />
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="103" />
        <source>Fix selected</source>
        <translation>修复所选</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="104" />
        <source>Fix all of this kind</source>
        <translation>修复此类全部</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="105" />
        <source>Repair the chosen problem (undo with Ctrl+Z)</source>
        <translation>修复所选问题（可用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="107" />
        <source>Repair every problem of the chosen kind that can be fixed automatically</source>
        <translation>自动修复所选类别中所有可修复的问题</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="124" />
        <source>Run Tools → Grid health check to list problems here.</source>
        <translation>运行“工具 → 网格体检”后，问题将列在这里。</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="127" />
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location filename="../problems_panel.py" line="130" />
        <source>{n} problems: {kinds}</source>
        <translation>共 {n} 个问题：{kinds}</translation>
    </message>
</context><context>
    <name>ProjectLockHook</name>
    <message>
        <location filename="../project_lock.py" line="112" />
        <source>Project in use</source>
        <translation>项目正在使用中</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="114" />
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="118" />
        <source>Break the lock…</source>
        <translation>解除锁定…</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="138" />
        <source>Break the lock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="139" />
        <source>Only break the lock if {holder} has really closed the project (or that computer is off). Otherwise that program can no longer save, and one of the two sets of changes is lost. Break it?</source>
        <translation>请仅在 {holder} 确实已关闭该项目（或那台电脑已关机）时解除锁定。否则那个程序将无法再保存，两边的修改会丢失一份。确定解除锁定？</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="152" />
        <source>{name} is already open in another window of this program.</source>
        <translation>{name} 已在本程序的另一个窗口中打开。</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="156" />
        <source>{name} is in use by {holder}.</source>
        <translation>{name} 正被 {holder} 使用。</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="159" />
        <source>Save and close it there, then open it again; or open it read-only here: you can look and try changes, and keep them with Save As under another name.</source>
        <translation>请在那里保存并关闭后再打开；或在这里只读打开：可以查看和试改，修改可用“另存为”以其他文件名保存。</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="164" />
        <source>If that program has closed (for example the computer was switched off), you can break the lock.</source>
        <translation>如果那个程序已经关闭（例如那台电脑已关机），可以解除锁定。</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="173" />
        <source>another program (its lock file cannot be read)</source>
        <translation>另一个程序（锁文件无法读取）</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="174" />
        <source>{program} of {user}@{host} (process {pid}, since {since})</source>
        <translation>{user}@{host} 的 {program}（进程 {pid}，自 {since} 起）</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="191" />
        <source>another program</source>
        <translation>另一个程序</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="192" />
        <source>Read-only: {name} is in use by {holder}; Save As keeps your changes.</source>
        <translation>只读：{name} 正被 {holder} 使用；修改请用“另存为”保存。</translation>
    </message>
    <message>
        <location filename="../project_lock.py" line="236" />
        <source>[Read-only] {title}</source>
        <translation>[只读] {title}</translation>
    </message>
</context><context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../autosave.py" line="64" />
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="67" />
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="69" />
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="71" />
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="77" />
        <source>a project not yet saved</source>
        <translation>尚未保存的项目</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="78" />
        <source>gisgrid was not closed normally. Unsaved work on “{name}” ({where}) was autosaved at {time}.</source>
        <translation>gisgrid 上次没有正常关闭。“{name}”（{where}）未保存的工作已于 {time} 自动保存。</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="86" />
        <source>The project file has not changed since: the autosaved copy holds newer work.</source>
        <translation>此后项目文件没有变化：自动保存的副本是较新的内容。</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="90" />
        <source>The project file is no longer there; recovering lets you save the work again.</source>
        <translation>项目文件已不在原处；恢复后可重新保存这些工作。</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="94" />
        <source>The project was never saved; recovering lets you save it now.</source>
        <translation>该项目从未保存过；恢复后即可保存。</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="96" />
        <source>Caution: the project file was saved after this autosave. Recovering shows the older autosaved work; saving it would replace the newer file.</source>
        <translation>注意：项目文件在这次自动保存之后又保存过。恢复显示的是较旧的自动保存内容；再保存将覆盖较新的文件。</translation>
    </message>
    <message>
        <location filename="../autosave.py" line="100" />
        <source>Caution: the project file changed since this work began (saved elsewhere?). Recovering shows the autosaved work; saving it would replace the file's changes.</source>
        <translation>注意：开始这些工作之后项目文件有过改动（是否在别处保存过？）。恢复显示的是自动保存的内容；再保存将覆盖文件中的改动。</translation>
    </message>
</context><context>
    <name>ReportDialog</name>
    <message>
        <location filename="../report_dialog.py" line="116" />
        <source>Weekly meeting pack</source>
        <translation>周调度材料</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="117" />
        <source>Weekly meeting pack (周调度)</source>
        <translation>周调度会议材料</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="118" />
        <source>Monthly ranking (月度晾晒)</source>
        <translation>月度晾晒排名</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="122" />
        <source>Report:</source>
        <translation>材料类型：</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="123" />
        <source>Week / month:</source>
        <translation>周 / 月：</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="124" />
        <source>Contacts:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="125" />
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="129" />
        <source>Show names and phone numbers in full</source>
        <translation>显示完整姓名和电话</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="131" />
        <source>Privacy: the pack will contain cadres' full names and phone numbers. Only share it with people entitled to see them.</source>
        <translation>隐私提示：材料将包含干部完整姓名和电话，请仅提供给有权查看的人员。</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="137" />
        <source>Writes three files: an offline HTML page for the meeting screen, a printable A4 PDF and the Excel ledger (demand, resolved and overdue lists, per grid).</source>
        <translation>生成三个文件：会议大屏用的离线网页、可打印的 A4 PDF，以及 Excel 台账（诉求清单、办结清单、超期清单、网格统计）。</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="142" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="143" />
        <source>Build pack</source>
        <translation>生成材料</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="144" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="175" />
        <location filename="../report_dialog.py" line="145" />
        <source>Preview of page 1</source>
        <translation>第 1 页预览</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="163" />
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="182" />
        <source>Choose an output folder first.</source>
        <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="187" />
        <source>Building the pack…</source>
        <translation>正在生成材料…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="190" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="195" />
        <source>Written:
{files}</source>
        <translation>已写入：
{files}</translation>
    </message>
</context><context>
    <name>ReportHook</name>
    <message>
        <location filename="../report_dialog.py" line="214" />
        <source>&amp;Weekly meeting pack…</source>
        <translation>周调度材料(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../report_dialog.py" line="226" />
        <source>Open a project first.</source>
        <translation>请先打开项目。</translation>
    </message>
</context><context>
    <name>Roles</name>
    <message>
        <location filename="../assignment_panel.py" line="51" />
        <source>Town leader</source>
        <translation>镇领导</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="52" />
        <source>Village liaison</source>
        <translation>包村干部</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="53" />
        <source>Branch secretary</source>
        <translation>总支书记</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="54" />
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../assignment_panel.py" line="55" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
</context><context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="82" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="83" />
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="84" />
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="85" />
        <source>Autosave every:</source>
        <translation>自动保存间隔：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="86" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="87" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="88" />
        <source>Basemap (optional)</source>
        <translation>底图（可选）</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="89" />
        <source>Show basemap tiles:</source>
        <translation>显示底图瓦片：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="90" />
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="91" />
        <source>Tile URL:</source>
        <translation>瓦片地址：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="92" />
        <source>Tianditu key (tk):</source>
        <translation>天地图密钥（tk）：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="94" />
        <source>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</source>
        <translation>默认关闭：本程序无需联网即可使用。开启后底图瓦片绘制在图层下方，并缓存到本地磁盘。天地图需使用您在天地图开发者网站申请的密钥（tk）。</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="102" />
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="103" />
        <source>Tianditu (vector)</source>
        <translation>天地图（矢量）</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="104" />
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="137" />
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="138" />
        <source>Tianditu tiles need a key: enter your tk, or turn the basemap off.</source>
        <translation>天地图瓦片需要密钥：请填写 tk，或关闭底图。</translation>
    </message>
</context><context>
    <name>StatusBar</name>
    <message>
        <location filename="../status.py" line="45" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../status.py" line="80" />
        <source>Lon {lon:.6f}  Lat {lat:.6f}</source>
        <translation>经度 {lon:.6f}  纬度 {lat:.6f}</translation>
    </message>
    <message>
        <location filename="../status.py" line="82" />
        <source>GK zone {zone}  X {x:,.1f}  Y {y:,.1f}</source>
        <translation>高斯 {zone} 带  X {x:,.1f}  Y {y:,.1f}</translation>
    </message>
    <message>
        <location filename="../status.py" line="91" />
        <source>Scale 1:{n:,.0f}</source>
        <translation>比例尺 1:{n:,.0f}</translation>
    </message>
</context><context>
    <name>StyleEditor</name>
    <message>
        <location filename="../style_editor.py" line="139" />
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="141" />
        <source>Colour by:</source>
        <translation>着色方式：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="142" />
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="143" />
        <source>Classes by:</source>
        <translation>分级方法：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="144" />
        <source>Classes:</source>
        <translation>分级数：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="145" />
        <source>Palette:</source>
        <translation>色板：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="146" />
        <source>Fill:</source>
        <translation>填充：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="147" />
        <source>Outline:</source>
        <translation>边线：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="148" />
        <source>Labels:</source>
        <translation>标注：</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="152" />
        <source>filled</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="154" />
        <source>Single colour</source>
        <translation>单一颜色</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="155" />
        <source>Categories of a field</source>
        <translation>按字段分类</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="156" />
        <source>Classes of a number field</source>
        <translation>按数值分级</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="159" />
        <source>Natural breaks</source>
        <translation>自然断点</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="160" />
        <source>Quantiles</source>
        <translation>分位数</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="161" />
        <source>Equal interval</source>
        <translation>等间距</translation>
    </message>
    <message>
        <location filename="../style_editor.py" line="192" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context><context>
    <name>Task</name>
    <message>
        <location filename="../worker.py" line="36" />
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context><context>
    <name>TileBasemap</name>
    <message>
        <location filename="../canvas/basemap.py" line="187" />
        <source>Basemap tiles could not be loaded: {0}</source>
        <translation>底图瓦片无法加载：{0}</translation>
    </message>
</context></TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
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
        <translation>{layer} 第 {row} 行：{column}</translation>
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
        <location filename="../import_dialog.py" line="235" />
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="236" />
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="237" />
        <source>Import into:</source>
        <translation>导入到：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="238" />
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="239" />
        <source>Sheet / layer:</source>
        <translation>工作表/图层：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="240" />
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="241" />
        <source>Existing features:</source>
        <translation>已有要素：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="242" />
        <source>keep and append</source>
        <translation>保留并追加</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="243" />
        <source>replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="244" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="245" />
        <source>detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="246" />
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="247" />
        <source>Detected:</source>
        <translation>识别结果：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="248" />
        <source>System:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="249" />
        <source>Gauss-Krüger zone:</source>
        <translation>高斯-克吕格带号：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="250" />
        <source>EPSG code:</source>
        <translation>EPSG 代码：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="251" />
        <source>Longitude / X column:</source>
        <translation>经度/X 列：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="252" />
        <source>Latitude / Y column:</source>
        <translation>纬度/Y 列：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="404" />
        <location filename="../import_dialog.py" line="254" />
        <source>as detected</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="255" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="256" />
        <source>CGCS2000 (lon/lat)</source>
        <translation>CGCS2000（经纬度）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="257" />
        <source>GCJ-02 (Gaode, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="466" />
        <location filename="../import_dialog.py" line="258" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="259" />
        <source>CGCS2000 Gauss-Krüger zone</source>
        <translation>CGCS2000 高斯-克吕格投影</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="260" />
        <source>Other EPSG code</source>
        <translation>其他 EPSG 代码</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="268" />
        <source>Preview (first rows)</source>
        <translation>预览（前几行）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="269" />
        <source>Columns: project field ← file column</source>
        <translation>字段对应：项目字段 ← 文件列</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>Project field</source>
        <translation>项目字段</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270" />
        <source>File column</source>
        <translation>文件列</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="271" />
        <source>Result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="273" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="493" />
        <location filename="../import_dialog.py" line="274" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="275" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="287" />
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="346" />
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="361" />
        <source>Cannot read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="380" />
        <source>detect automatically ({0})</source>
        <translation>自动识别（{0}）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="390" />
        <source>Header found in row {0}.</source>
        <translation>表头位于第 {0} 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="402" />
        <source>as detected ({0})</source>
        <translation>按识别结果（{0}）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="422" />
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="428" />
        <source>detected automatically</source>
        <translation>已自动识别</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="460" />
        <source>(choose a file)</source>
        <translation>（请选择文件）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="465" />
        <source>GCJ-02 (Gaode)</source>
        <translation>GCJ-02（高德）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="470" />
        <source>Gauss-Krüger zone {0}</source>
        <translation>高斯-克吕格 {0} 带</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="478" />
        <source>column {0}</source>
        <translation>列 {0}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="480" />
        <source>columns {0} / {1}</source>
        <translation>列 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="482" />
        <source>geometry in the file</source>
        <translation>文件自带几何</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="502" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="522" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="538" />
        <source>{imported} of {read} rows imported into {layer}; {skipped} skipped.</source>
        <translation>共读取 {read} 行，已导入 {imported} 行到“{layer}”，跳过 {skipped} 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="548" />
        <source>Skipped rows</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="548" />
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="555" />
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="560" />
        <source>All rows imported</source>
        <translation>全部导入成功</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="567" />
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="571" />
        <source>Import cancelled; the project is unchanged.</source>
        <translation>已取消导入，项目未改动。</translation>
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
        <location filename="../actions.py" line="137" />
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="138" />
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="139" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="140" />
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="141" />
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="142" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="143" />
        <source>Zoom to &amp;full extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="144" />
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="145" />
        <source>Zoom to &amp;selection</source>
        <translation>缩放到选中(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="146" />
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="147" />
        <source>Se&amp;lect</source>
        <translation>选择(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="148" />
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="149" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="150" />
        <source>&amp;Grid health check</source>
        <translation>网格体检(&amp;G)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="151" />
        <source>&amp;About gisgrid</source>
        <translation>关于 gisgrid(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="156" />
        <source>Import villages, grids, households or issues from a file</source>
        <translation>从文件导入村、网格、户或诉求</translation>
    </message>
    <message>
        <location filename="../actions.py" line="158" />
        <source>Check nesting, gaps, overlaps, codes and households of the grid hierarchy</source>
        <translation>检查网格层级的嵌套、缝隙、重叠、编码和农户归属</translation>
    </message>
    <message>
        <location filename="../actions.py" line="161" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="162" />
        <source>&amp;Recent projects</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="163" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166" />
        <source>Se&amp;ttings</source>
        <translation>设置(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../actions.py" line="177" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../actions.py" line="178" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../actions.py" line="201" />
        <source>(no recent projects)</source>
        <translation>（没有最近的项目）</translation>
    </message>
    <message>
        <location filename="../actions.py" line="211" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../actions.py" line="225" />
        <location filename="../actions.py" line="219" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../actions.py" line="219" />
        <source>Township (镇/街道) name:</source>
        <translation>镇（街道）名称：</translation>
    </message>
    <message>
        <location filename="../actions.py" line="240" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../actions.py" line="271" />
        <source>About gisgrid</source>
        <translation>关于 gisgrid</translation>
    </message>
    <message>
        <location filename="../actions.py" line="272" />
        <source>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;Grid management for township offices: villages and grids, cadres and households, citizen-issue hotspots.&lt;/p&gt;&lt;p&gt;Works offline; projects are GeoPackage files that QGIS opens too.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;gisgrid {version}&lt;/h3&gt;&lt;p&gt;乡镇网格化管理：村与网格、干部与农户、群众诉求热点。&lt;/p&gt;&lt;p&gt;无需联网即可使用；项目为 GeoPackage 文件，也可用 QGIS 打开。&lt;/p&gt;</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="203" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="204" />
        <source>Hierarchy</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="205" />
        <source>Layers and hierarchy</source>
        <translation>图层与层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="206" />
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="207" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="208" />
        <source>Check results</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="210" />
        <source>&lt;h2&gt;gisgrid grid management&lt;/h2&gt;&lt;p&gt;Open a project with &lt;b&gt;File → Open&lt;/b&gt;, or create one with &lt;b&gt;File → New&lt;/b&gt; and bring in your village and grid files with &lt;b&gt;File → Import&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;gisgrid 网格化管理&lt;/h2&gt;&lt;p&gt;通过&lt;b&gt;文件 → 打开项目&lt;/b&gt;打开已有项目，或通过&lt;b&gt;文件 → 新建项目&lt;/b&gt;新建项目，再用&lt;b&gt;文件 → 导入&lt;/b&gt;导入村界和网格数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="228" />
        <source>gisgrid grid management</source>
        <translation>gisgrid 网格化管理</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="230" />
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="244" />
        <source>gisgrid</source>
        <translation>gisgrid</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="374" />
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="375" />
        <source>The project has unsaved changes. Save them first?</source>
        <translation>项目有未保存的修改，是否先保存？</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="495" />
        <source>{n} features selected</source>
        <translation>已选择 {n} 个要素</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="514" />
        <source>Checking the hierarchy</source>
        <translation>正在检查层级</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536" />
        <source>Export figures</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>Exporting figures</source>
        <translation>正在导出统计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="546" />
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="595" />
        <source>Done: {0}</source>
        <translation>完成：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="598" />
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="75" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="76" />
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="77" />
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="78" />
        <source>Basemap (optional)</source>
        <translation>底图（可选）</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="79" />
        <source>Show basemap tiles:</source>
        <translation>显示底图瓦片：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="80" />
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="81" />
        <source>Tile URL:</source>
        <translation>瓦片地址：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="82" />
        <source>Tianditu key (tk):</source>
        <translation>天地图密钥（tk）：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="84" />
        <source>Off by default: the program works without internet. Tiles are drawn under the layers when enabled and cached on disk. Tianditu needs your own key (tk) from the Tianditu developer site.</source>
        <translation>默认关闭：本程序无需联网即可使用。开启后底图瓦片绘制在图层下方，并缓存到本地磁盘。天地图需使用您在天地图开发者网站申请的密钥（tk）。</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="92" />
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="93" />
        <source>Tianditu (vector)</source>
        <translation>天地图（矢量）</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="94" />
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="127" />
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="128" />
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
        <location filename="../worker.py" line="111" />
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

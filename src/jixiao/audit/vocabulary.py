"""The words of each kind of project, as data for the foreign-passage check.

``own``: words that, found in this project's own title, indicator names, goals or benchmarks,
make the kind this project's own. ``telltale``: words specific enough to the kind that, in a
report of another kind, they mark a pasted passage. Generic words (资金, 系统, 管理) belong to no
kind. Add a kind or a word here; nothing else changes.
"""

from __future__ import annotations

KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "补助补贴类": {
        "own": ("补助", "补贴", "津贴", "救助", "抚恤", "资助", "发放", "帮扶", "低保", "慰问"),
        "telltale": ("补助金", "补贴资金", "补贴标准", "发放对象", "发放标准", "资金发放", "救助金", "抚恤金", "慰问金",
                     "受助对象", "帮扶对象", "低保对象", "困难群众", "补助对象", "慰问政策", "慰问对象", "慰问品"),
    },
    "工程建设类": {
        "own": ("工程", "施工", "改造", "竣工", "修缮", "管网", "基建"),  # not 建设: 信息化建设, 农田建设 are no building sites
        "telltale": ("施工单位", "监理单位", "竣工验收", "开工", "工程进度", "土建", "工程量", "施工进度", "招标控制价"),
    },
    "培训教育类": {
        "own": ("培训", "教育", "学员", "课程", "教学", "党校"),
        "telltale": ("参训", "学员", "授课", "课时", "培训班", "结业", "师资"),
    },
    "信息化运维类": {
        "own": ("系统", "信息化", "运维", "平台", "软件", "网络", "数据"),
        "telltale": ("运维服务", "巡检", "服务器", "机房", "网络安全", "软件升级"),
    },
    "医疗卫生类": {
        "own": ("医疗", "卫生", "医院", "诊疗", "患者", "疾控", "健康", "疫苗", "接种", "医生", "公共卫生"),
        "telltale": ("诊疗", "患者", "门诊", "医疗机构", "药品", "签约医生", "家庭医生", "接种点", "疫苗接种", "冷链运行",
                     "慢病管理", "健康档案"),
    },
    "农业农村类": {
        "own": ("农业", "农村", "农田", "种植", "养殖", "农户", "耕地", "畜牧", "农机", "种养"),
        "telltale": ("种植户", "养殖户", "亩产", "农作物", "病虫害", "农田", "耕地", "化肥", "良种", "农机具"),
    },
    "生态环境类": {
        "own": ("环境", "生态", "河道", "保洁", "垃圾", "污水", "绿化", "环保", "水质"),
        "telltale": ("河道保洁", "垃圾清运", "污水处理", "水质监测", "保洁员", "清淤", "排污口"),
    },
    "学校教育类": {
        "own": ("学校", "学生", "教师", "中小学", "幼儿园", "义务教育", "校舍", "办学", "教育局", "学前教育", "职业教育"),
        # not 教育 alone: 干部教育培训 is no school
        "telltale": ("在校学生", "任课教师", "课堂教学", "校舍", "班主任", "教学楼", "生均"),
    },
}

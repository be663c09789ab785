"""The words of published self-evaluation forms, as data: labels, column headers, level names.

Forms come from every province and year, so every list here holds the variants found in
published forms (财预〔2020〕10号 附件2 and the provinces' copies). Matching is done on
:func:`norm` of a cell: traditional characters, full-width digits and OCR's stray spaces do not
change what a cell is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Header fields: canonical label → the wordings used for it.
HEADER: dict[str, tuple[str, ...]] = {
    "项目名称": ("项目名称", "项目(名称)"),
    "主管部门": ("主管部门", "主管单位", "部门名称", "部门(单位)名称", "单位名称", "预算部门", "主管部门及代码",
                 "主管部门名称及代码", "单位名称及代码"),
    "实施单位": ("实施单位", "项目实施单位", "预算单位", "项目单位", "实施单位及代码", "预算单位及代码"),
    "项目负责人": ("项目负责人", "负责人"),
    "联系电话": ("联系电话", "联系方式", "电话"),
    "项目属性": ("项目属性",),
    "项目类型": ("项目类型",),
}
REQUIRED_HEADER = ("项目名称", "主管部门", "实施单位")
DEPARTMENT_HEADER = ("部门名称", "部门(单位)名称")

# The funds block: column header → role, row label → role.
FUNDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "年初批复数", "年初预算批复数"),
    "budget": ("全年预算数", "全年预算", "调整后预算数", "调整后预算", "预算调整后", "全年批复数", "预算数"),
    "spent": ("全年执行数", "全年实际执行数", "实际执行数", "全年支出数", "预算执行数", "执行数", "实际支出数", "实际支出"),
    "weight": ("分值", "权重", "分值权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
FUNDS_ROWS: dict[str, tuple[str, ...]] = {
    "total": ("年度资金总额", "年度资金总量", "年度财政资金总额", "财政资金总额",
              "资金总额", "年度总金额", "合计", "预算资金总额", "总额", "总计"),
    "fiscal": ("当年财政拨款", "本年财政拨款", "财政拨款", "当年财政资金", "本级财政资金", "财政资金", "一般公共预算",
               "按收入性质分", "基本支出", "项目支出", "按支出性质分"),
    "carried": ("上年结转资金", "上年结余结转资金", "上年结转", "结转结余资金", "结转资金", "上年结余"),
    "other": ("其他资金", "其他来源资金", "财政专户管理资金", "单位资金", "其他"),
}

# Words that begin with a unit's character: a figure glued to one (5项目符合…) has no unit, the word
# starts after the figure.
UNIT_WORDS = ("项目", "人员", "台账", "户籍")

# Sections after the funds.
GOAL = ("年度总体目标", "年度目标", "总体目标", "年度绩效目标")
GOAL_EXPECTED = ("预期目标", "年初设定目标", "预期目标完成情况")
GOAL_ACTUAL = ("实际完成情况", "全年实际完成情况", "年度总体目标完成情况综述", "实际完成")
INDICATOR_BLOCK = ("绩效指标", "年度绩效指标", "绩效指标完成情况")

# Indicator table columns: role → header words (longest first when matched).
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),  # a row number before the levels: never a weight or a score
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "具体指标", "考核内容"),
    "nature": ("指标性质", "指标方向", "运算符号"),  # ≥ ≤ = in a column of its own (Sichuan's forms)
    "target": ("年度指标值", "年初目标值", "指标值", "目标值", "年度目标值", "预期指标值", "计划值"),
    "unit": ("度量单位", "计量单位", "单位"),
    "actual": ("实际完成值", "全年实际值", "实际值", "全年完成值", "完成值", "实际完成情况", "实际完成指标值", "指标实际完成值"),
    "weight": ("分值", "权重", "指标分值", "标准分", "分值权重", "指标分值权重"),
    "score": ("得分", "自评分", "自评得分", "实际得分", "评分", "分数", "评价得分", "考核得分", "指标得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析及整改措施", "未完成原因及拟采取的改进措施", "未完成原因分析及改进措施",
               "未完成原因分析", "未完成原因", "偏差原因", "原因分析", "备注"),
    "description": ("指标解释", "指标说明", "指标内涵", "指标定义"),
    "criterion": ("评分标准", "评分规则", "计分方法", "得分计算方法", "评分方法", "评价标准", "考核标准", "评价要点",
                  "评分细则", "评价标准及依据", "指标评价内容", "评价要点及标准", "计分标准", "指标说明及评分标准",
                  "评分标准及说明", "指标评价标准", "指标赋分规则", "赋分规则"),
    # columns of the 2023 form that say how a row was set and proved, not how it scored
    "basis": ("指标值设置依据", "设置依据"),
    "previous": ("上年完成值", "上年实际完成值"),
    "evidence": ("佐证资料", "佐证材料"),
    "rate": ("完成率", "完成比例"),
}
TOTAL = ("总分", "合计", "总计", "自评总分", "综合得分")
BODY_END = ("其他需要说明事项", "其他需说明事项", "存在问题", "主要问题")
# The usual order of an indicator table's columns: a header printed in two rows is read back in it.
COLUMN_ORDER = ("seq", "level1", "points1", "level2", "points2", "name", "description", "criterion", "nature", "target", "unit",
                "basis", "previous", "actual", "rate", "weight", "evidence", "score", "reason")
CONCLUSION = ("评价结论", "自评结论", "绩效自评结论", "自评等级", "评价等级", "绩效等级", "自评结果")
NOTES = ("填报说明", "说明", "注", "备注", "指标说明", "评分说明")

# 一级 and 二级 names. 成本指标 is a 一级 in newer forms and a 二级 in older ones.
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "产出", "效益", "满意度", "履职效能", "管理效率", "运行成本",
          "社会效应", "可持续发展", "投入", "过程", "部门管理", "预算执行", "决策", "项目决策", "项目管理", "项目绩效",
          "项目产出", "项目效益", "部门决策", "综合管理", "部门绩效")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
          "服务对象满意度指标", "其他满意度指标", "满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
          "重点工作履行情况", "总体工作完成情况", "履职效果", "数量", "质量", "时效", "成本", "经济效益", "社会效益",
          "生态效益", "可持续影响", "服务对象满意度")
# The 二级 names of the common frameworks (财预〔2020〕10号's 共性指标 and the provinces' own): a
# document site that flattens a table glues the merged 二级 cell to the first leaf of its group
# (科学决策必要性 is 科学决策 | 必要性), and these are the words that may be cut off a leaf's name.
LEVEL2_FRAMEWORK = ("项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "产出数量", "产出质量", "产出时效", "产出成本",
                    "科学决策", "项目完成", "项目执行", "项目目标", "财务管理", "项目实施", "业务管理", "投入管理", "预算编制",
                    "目标任务", "目标设定", "资金落实", "实施准备", "实施过程", "项目监管", "数量指标", "质量指标", "时效指标",
                    "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标")
LEVEL2_NAMES = tuple(dict.fromkeys((*LEVEL2, *LEVEL2_FRAMEWORK)))  # every word a 二级 cell may hold
# 二级 names that belong under one 一级 only: a 二级 under another is misfiled.
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标", "其他满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
}

BUDGET_PART = "预算执行率"

# Achievement words of qualitative actuals, most specific first: tier name → words.
ACHIEVEMENT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("未达成", ("未达成", "未达到", "未完成", "没有完成", "未实现", "无明显", "不明显", "未见成效", "不达标", "差")),
    ("部分达成", ("部分达成", "基本达成", "基本达到", "基本完成", "基本实现", "部分完成", "部分实现", "基本满意", "一般",
              "较好", "有所提升", "有所提高", "有所改善")),
    ("达成", ("达成", "达到", "已完成", "完成", "实现", "明显", "显著", "良好", "优良", "满意", "有效", "符合", "按时", "如期",
            "及时", "合格", "达标", "提升", "提高", "改善", "增强", "持续", "长期", "是")),
)

# Template instructions a unit forgot to replace.
TEMPLATE_TEXT = re.compile(r"请(?:填写|填报|输入|选择|据实|在此|根据)|(?:按|根据)[^，。]{0,12}填(?:列|写|报)|（?说明[：:]|"
                           r"填表说明|此处填|示例[：:]|例如[：:]|(?<![A-Za-z])(?:XX|xx)(?![A-Za-z])|××|\*{2,}|[（(]\s*\d+\s*字(?:以内|左右)\s*[)）]|"
                           r"^(?:对照[^，,。]{0,12}[，,])?说明(?:相关|项目|本|主要)")

GRADES = ("优秀", "优", "良好", "良", "中等", "中", "合格", "较差", "差", "不合格", "基本合格")

# Scoring notes that choose a variant of the rules.
LINEAR_REVERSE = re.compile(r"(?:两|2)倍[^。；;]{0,10}(?:得0分|不得分|为0)|线性")
RESCALE = re.compile(r"百分制[^。；;]{0,6}折算|按百分制|折算[^。；;]{0,6}百分")

# Traditional → simplified for the characters forms use; enough to recognise the words above.
_T2S = str.maketrans(
    "產標數質時經濟會態續響滿務額預執則總計財撥結轉資單實際評價論級優達績費項門負責聯繫話說對應進護來準況與開運顯範圍確認據廠"
    "異動導區縣鄉鎮農醫療衛養飲環廢設備網絡線維築橋車輛駕駛證書發獎勵補貼問組織現場檢測驗蓋戶畝種氣溫電廣職稱團隊學員師練辦勞"
    "償減輕擔間週長穩調査樣統報審監註頁兩從萬億個隻條張筆劃値為無於規參歲齡錢銷購採營業節約齊礎雙邊舊愛嚴歷衆眾貸稅權幣銀後滯"
    "遲當屬並處傳觀裡製羣臺鐘義積極灣藥獲損壞歸險貧幫擴戰競爭廳輔紀錄機關體屆勢釋餘遞習藝壓層斷擁觸攝齒麗夠雜雞顧類願鐵錯鍵鏈"
    "隨隱靜韓頂順須領頻題風飛飯館馬鬥魚鳥鹽黃點黨龍協國圖園塊壯奮婦孫寫寶將專尋嶺帶幹強彈徑復徵擇擊斂晝曆構樂歡殘決沒溝滅潔災"
    "熱狀獨畫盤窮簡糧紙細終給綠編縮繳罰聲肅腦舉艱薦裝複見視覽訂討訓記許訴診試詢語誤課談請識議讓貢賬賽贊趙跡軍輸這連過違遠適選"
    "遺鄰釐針鋪陸陳階雲靈韋頭顆驅鬆麼裏係彙蹟號偵僅儀兒內冊劑勝勳匯卻厲啟喪嚮壇壩壽夢奪奬妝媽嬰孿寧寬彎徹憲懷攜敗敵斃暢暫東棄"
    "檔櫃歐殺氫漢濕燈犧獻瑪璣畢盜禍禮禱穀窩竊籌紅納純紛紹緊緒緣縱繼纖罷羅聖聞膽臨艦藍虛蟲衝襲訊託詳誌誠誕諾謀謝謹譜變讚貝貨販"
    "貫貴貿賀賓賞賣賴贈贏趕躍軌載辭邏郵鄭鋼鍛鎖鏡闊閱隸難霧韻頒頓頗頸顏顛飄駐騰髮鬧鮮鳴鴻麥噸簽興訪軟們還庫陽蕭滄隴岡荊買閉慣"
    "掃擾揚掛擠換晉楊槍欄樹樓橫湯澤淺濃塗漲漸滾爐煉煙爺獵盞著礦碼碩礙離竅籃糾緯綱紋紡綁繞絕繡綜脅腳脫臉蓮慮覺講詞詩該讀誰賦賠"
    "趨踐蹤輪較轄遷鄧醞鑰閃閒閘閥閣陰僱靄饋驟魯",
    "产标数质时经济会态续响满务额预执则总计财拨结转资单实际评价论级优达绩费项门负责联系话说对应进护来准况与开运显范围确认据厂"
    "异动导区县乡镇农医疗卫养饮环废设备网络线维筑桥车辆驾驶证书发奖励补贴问组织现场检测验盖户亩种气温电广职称团队学员师练办劳"
    "偿减轻担间周长稳调查样统报审监注页两从万亿个只条张笔划值为无于规参岁龄钱销购采营业节约齐础双边旧爱严历众众贷税权币银后滞"
    "迟当属并处传观里制群台钟义积极湾药获损坏归险贫帮扩战竞争厅辅纪录机关体届势释余递习艺压层断拥触摄齿丽够杂鸡顾类愿铁错键链"
    "随隐静韩顶顺须领频题风飞饭馆马斗鱼鸟盐黄点党龙协国图园块壮奋妇孙写宝将专寻岭带干强弹径复征择击敛昼历构乐欢残决没沟灭洁灾"
    "热状独画盘穷简粮纸细终给绿编缩缴罚声肃脑举艰荐装复见视览订讨训记许诉诊试询语误课谈请识议让贡账赛赞赵迹军输这连过违远适选"
    "遗邻厘针铺陆陈阶云灵韦头颗驱松么里系汇迹号侦仅仪儿内册剂胜勋汇却厉启丧向坛坝寿梦夺奖妆妈婴孪宁宽弯彻宪怀携败敌毙畅暂东弃"
    "档柜欧杀氢汉湿灯牺献玛玑毕盗祸礼祷谷窝窃筹红纳纯纷绍紧绪缘纵继纤罢罗圣闻胆临舰蓝虚虫冲袭讯托详志诚诞诺谋谢谨谱变赞贝货贩"
    "贯贵贸贺宾赏卖赖赠赢赶跃轨载辞逻邮郑钢锻锁镜阔阅隶难雾韵颁顿颇颈颜颠飘驻腾发闹鲜鸣鸿麦吨签兴访软们还库阳萧沧陇冈荆买闭惯"
    "扫扰扬挂挤换晋杨枪栏树楼横汤泽浅浓涂涨渐滚炉炼烟爷猎盏着矿码硕碍离窍篮纠纬纲纹纺绑绕绝绣综胁脚脱脸莲虑觉讲词诗该读谁赋赔"
    "趋践踪轮较辖迁邓酝钥闪闲闸阀阁阴雇霭馈骤鲁",
)
_SPACES = re.compile(r"[\s\u3000]+")


PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüA-Z]{1,8}[)）]")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """A cell as it is matched: simplified characters, half-width digits and brackets, no spaces,
    no pinyin that some mirror sites insert after characters (項(xiàng)目 → 项目). Cached: a form
    reader asks about the same cells many times."""
    text = PINYIN.sub("", unicodedata.normalize("NFKC", text)).translate(_T2S)
    return _SPACES.sub("", text).replace("（", "(").replace("）", ")").replace("：", ":")


@lru_cache(maxsize=1 << 16)
def _key(text: str, whole: bool) -> str:
    flat = norm(text).removeprefix("其中").lstrip(":").rstrip(":")
    flat = flat.removesuffix("等") if len(flat) > 3 else flat  # "服务对象满意度指标等"
    # 产出指标(40分), and 效益指标(40 whose 分) a page or a narrow cell cut off
    return re.sub(r"\(.*?\)$|\(\d+(?:\.\d+)?分?$", "", flat) if whole else flat


@lru_cache(maxsize=256)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def match_word(text: str, words: tuple[str, ...], whole: bool = True) -> str | None:
    """The longest of ``words`` that ``text`` is (``whole``) or starts with, after :func:`norm`."""
    flat = _key(text, whole)
    if whole:
        return flat if flat in words else None
    return next((w for w in _longest_first(words) if flat.startswith(w)), None)


def canonical(text: str, table: dict[str, tuple[str, ...]], whole: bool = True) -> str | None:
    """The key of ``table`` one of whose wordings ``text`` is (the longest wording wins)."""
    best: tuple[int, str] | None = None
    for key, words in table.items():
        found = match_word(text, words, whole)
        if found is not None and (best is None or len(found) > best[0]):
            best = (len(found), key)
    return best[1] if best else None

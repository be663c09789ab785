"""How a form's text gets damaged on its way to the web: OCR noise, traditional characters, page numbers, metadata.

Every change is a pure function of the document's seed, the cell's role and its text, so a value printed in
the table, in the truth and in a defect's words comes out the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Simplified → traditional for the characters the generated documents use (unlisted characters stay as they are,
# as on real pages that mix both).
_PAIRS = (
    "产產标標数數质質时時满滿预預执執资資总總额額单單实實际際项項绩績评評价價级級经經济濟会會态態续續响響务務对對"
    "财財拨撥结結转轉余餘况況进進计計划劃门門负負责責联聯电電话話优優达達说說备備注註发發贴貼残殘员員护護龄齡难難"
    "众眾临臨户戶证證审審办辦准準确確盖蓋规規范範档檔议議题題调調权權环環洁潔卫衛统統网網络絡设設维維检檢报報训訓"
    "练練课課验驗录錄应應间間复復据據终終费費节節约約纸紙测測农農业業亩畝减減药藥虫蟲样樣带帶动動粮糧条條区區县縣"
    "镇鎮乡鄉组組织織干幹职職师師学學积積认認补補机機气氣监監吨噸无無问問线線压壓儿兒种種传傳础礎层層签簽医醫疗療"
    "养養视視为為兴興访訪诉訴软軟台臺关關过過这這个個们們来來还還没沒将將与與开開头頭专專则則类類历歷现現场場书書"
    "图圖车車库庫贵貴阳陽萧蕭黄黃丽麗龙龍沧滄宾賓营營宁寧陇隴随隨广廣梦夢冈岡荆荊长長湖湖运運输輸处處圾圾时時"
    "级級识識论論请請义義务務质質专專业業阶階段段险險营營销銷购購买買卖賣众眾导導轻輕达達选選遗遺违違邮郵"
    "钟鐘铁鐵银銀钱錢闭閉闻聞阅閱队隊险險陈陳隐隱难難雾霧韩韓页頁顺順须須领領频頻题題额額风風饭飯馆館驶駛驻駐"
    "验驗鱼魚鸡雞齐齊龄齡爱愛态態惯慣扩擴扫掃扰擾扬揚护護报報担擔拥擁择擇挂掛挤擠换換据據损損摄攝敌敵断斷旧舊"
    "显顯晋晉杂雜条條杨楊极極构構枪槍标標栏欄树樹样樣桥橋档檔梦夢检檢楼樓横橫欢歡残殘毕畢氢氫汇匯汤湯沟溝"
    "没沒泽澤洁潔浅淺济濟浓濃涂塗涨漲渐漸温溫湾灣湿濕满滿滚滾灯燈灵靈灾災炉爐点點炼煉烟煙热熱爷爺状狀独獨"
    "猎獵环環现現电電画畫畅暢疗療盏盞监監盘盤着著矿礦码碼础礎硕碩确確碍礙离離种種积積称稱稳穩窝窩窍竅竞競笔筆"
    "筑築筹籌签簽简簡篮籃类類粮糧紧緊纠糾红紅纪紀约約级級纬緯纯純纲綱纳納纵縱纷紛纸紙纹紋纺紡线線练練组組细細"
    "织織终終经經绑綁绍紹绕繞给給络絡绝絕统統绣繡继繼绩績续續维維综綜绿綠编編缘緣缩縮缴繳网網罗羅职職联聯肃肅"
    "胁脅胜勝脑腦脚腳脱脫脸臉节節药藥获獲荐薦莲蓮虑慮补補装裝见見观觀规規视視览覽觉覺角角触觸计計订訂认認讨討"
    "让讓训訓议議讯訊记記讲講许許论論设設访訪证證评評识識诉訴词詞试試诗詩诚誠话話询詢该該详詳语語误誤说說请請"
    "读讀课課谁誰调調谈談谋謀谢謝贝貝负負贡貢财財责責败敗货貨质質贩販购購贯貫贴貼贵貴费費资資赋賦赏賞赔賠赖賴"
    "赛賽赞贊赶趕趋趨跃躍践踐踪蹤车車轨軌转轉轮輪软軟轻輕载載较較辅輔辆輛输輸辖轄边邊达達迁遷过過运運还還这這"
    "进進远遠违違连連迟遲适適选選递遞逻邏遗遺邓鄧郑鄭酝醞释釋里裡钢鋼钥鑰铺鋪链鏈销銷锁鎖错錯键鍵镇鎮长長门門"
    "闪閃闲閒间間闸閘阀閥阁閣阅閱阶階阳陽阴陰际際陆陸陈陳险險随隨隐隱难難雇僱霭靄静靜须須顶頂项項顺順顾顧预預"
    "领領频頻颁頒题題颜顏额額风風飞飛饮飲馈饋驱驅验驗骤驟鲁魯鸟鳥麦麥齐齊龙龍"
)
TRADITIONAL = str.maketrans({_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS) - 1, 2)})
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
FILLERS = "的了和及与在"


def traditional(text: str) -> str:
    return text.translate(TRADITIONAL)


@dataclass
class Printer:
    """Prints a cell's text as the published document shows it; roles say what kind of cell it is."""

    seed: int
    trad: bool = False
    ocr: bool = False
    protected: set[str] = field(default_factory=set)  # texts that carry a defect's words: left intact

    def __call__(self, text: str | None, role: str) -> str:
        if text is None:
            return ""
        out = self._ocr(text, role) if self.ocr else text
        return traditional(out) if self.trad else out

    def opt(self, text: str | None, role: str) -> str | None:
        """As __call__, but None stays None (an empty cell in the truth)."""
        return None if text is None or text == "" else self(text, role)

    def chars(self, text: str) -> str:
        """Only the character mapping: for words that are a part of a cell."""
        return traditional(text) if self.trad else text

    def _holds(self, text: str) -> bool:
        return any(word in text for word in self.protected)

    def _ocr(self, text: str, role: str) -> str:
        rng = random.Random(f"{self.seed}|{role}|{text}")
        if role in ("number", "target", "actual"):
            if rng.random() < 0.3:
                text = text.translate(FULL_WIDTH)
            if "%" in text and rng.random() < 0.4:
                text = text.replace("%", "％")
        elif role in ("l1", "l2", "label") and not self._holds(text) and 3 <= len(text) <= 6 and rng.random() < 0.35:
            text = " ".join(text)
        elif role == "prose" and not self._holds(text) and rng.random() < 0.6:
            text = _slip(rng, text)
        return text


def _slip(rng: random.Random, text: str) -> str:
    """Drop or double one filler character of a prose cell, as OCR does."""
    spots = [i for i, ch in enumerate(text) if ch in FILLERS]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[: i + 1] + text[i:]


def page_marks(rng: random.Random, pages: int) -> list[str]:
    """Page numbers in one of the styles published tables carry inside them."""
    style = rng.choice(("第 {n} 页 共 {m} 页", "- {n} -", "— {n} —", "第{n}页"))
    return [style.format(n=n, m=pages) for n in range(1, pages + 1)]


def metadata(rng: random.Random, author: str, year: int) -> str:
    """The DOCX core properties a converter writes before the text (author, ids, ISO dates, a GUID, counts)."""
    def stamp(y: int) -> str:
        day = f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"

    guid = "".join(rng.choice("0123456789ABCDEF") for _ in range(32))
    ident = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4)) + str(rng.randint(100000, 999999))
    parts = [author, ident, str(rng.randint(1, 9)), stamp(year - rng.randint(1, 4)), stamp(year - rng.randint(5, 15)),
             stamp(year + 1), f"{rng.randint(12, 16)}.00", f"2052-11.1.0.{rng.randint(10000, 13000)}", guid,
             str(rng.randint(1000, 20000)), str(rng.randint(5000, 40000)), "0", "0", "False", "False", "False"]
    return " ".join(parts)

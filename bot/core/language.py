"""Which language to answer in, and Simplified→Traditional conversion.

Han characters mean Traditional Chinese (Simplified input is converted with OpenCC and answered
in Traditional). English versus Spanish is decided per message from function words and Spanish
spelling, else from words one language uses far more (wordfreq); a message too short to tell keeps
the user's current language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

from bot.languages import Lang
from nlu.components.segment import HAN as HAN_RANGES

HAN = re.compile(f"[{HAN_RANGES}]")
LATIN_WORD = re.compile(rf"[^\W\d_{HAN_RANGES}]+")
SPANISH_MARKS = re.compile(r"[ñ¿¡áéíóúü]", re.IGNORECASE)

# Words that mark one language and not the other (shared words such as "no", "me", "a" left out).
ES_WORDS = frozenset(
    """
    de la que el en y los del las por un una para con es cómo como qué cuál cuáles cuándo dónde
    quién quiénes puedo puede pueden quiero hay sobre mi mis soy estoy estudiar becas beca ayuda
    hola gracias ong ongs financiamiento programa programas voluntario voluntarios voluntariado
    taiwán hacer hace tiene tienen cuánto cuanto dura sus este esta esto eso son pero también
    tambien porque cual donde quien necesito información informacion sí gobierno país pais países
    paises quisiera solicitar postular postulo aplicar ser chau adiós adios buenos buenas días dias
    tardes noches qué otra otro más mas pedir cuenta hablar español ingles inglés chino cambiar
    idioma
    """.split()  # noqa: SIM905 - a word list reads better as text
)
EN_WORDS = frozenset(
    """
    the of and to is for what how can i my do does are there about apply scholarship scholarships
    with you hello hi thanks thank program programs help where who which want would could should
    study funding volunteer volunteers taiwan's tell more does is are was were have has get any
    this that these those it its from your they their our we us need when much long last many
    please english spanish chinese change language bye goodbye yes an be
    """.split()  # noqa: SIM905 - a word list reads better as text
)
MIN_SIGNAL = 1
# With no function word to tell ("escuela taiwanicdf", "sistema alerta dengue lluvia"), a word
# that one language uses this much more often than the other (wordfreq's log scale: ~30 times)
# counts for it.
VOCABULARY_LEAN = 1.5


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("s2tw")


@dataclass(frozen=True)
class Detection:
    lang: str | None  # None when the message is too short or neutral to tell
    text: str  # the text to understand: Traditional when the input was Chinese
    simplified: bool = False


def to_traditional(text: str) -> str:
    return str(_converter().convert(text))


# Mainland words whose Taiwan usage the content writes: OpenCC's s2tw changes characters, not
# words, so 计划 becomes 計劃 where the paper says 計畫 (447 times to once), and 项目 (a project)
# is 計畫 too; 信息化/數字化 are 資訊化/數位化, 醫療隊 the paper's 醫療團, and so on: each word
# here is one the content never uses, in the form it uses instead. (OpenCC's s2twp phrases made
# no difference on the development sets.)
TAIWAN_USAGE = (
    ("計劃", "計畫"),
    ("項目", "計畫"),
    ("信息", "資訊"),
    ("視頻", "視訊"),
    ("軟件", "軟體"),
    ("醫療隊", "醫療團"),
    ("質量", "品質"),
    ("高校", "大學"),
    ("伙伴", "夥伴"),
    ("智能", "智慧"),
    ("公交", "公車"),
    ("土豆", "馬鈴薯"),  # a potato on the mainland
    ("光伏", "光電"),
    ("几", "幾"),  # s2tw keeps 几 (a small table) where a question means 幾: "几几年", "一共几期"
    ("發展中國家", "開發中國家"),
    ("可持續發展", "永續發展"),
    ("硬件", "硬體"),
    ("人才培養", "人才培育"),
    ("電子政務", "電子化政府"),
    ("可再生能源", "再生能源"),
    ("新能源", "再生能源"),
    ("應急", "緊急"),
    ("呼吸機", "呼吸器"),
    ("防護服", "防護衣"),
    ("寬帶", "寬頻"),
    ("亞太經合組織", "亞太經濟合作"),
    ("外長", "外交部長"),
    ("網上", "線上"),
    ("培訓班", "研習班"),
    ("源代碼", "原始碼"),
    ("源碼", "原始碼"),
    ("互聯網", "網際網路"),
    ("用戶", "使用者"),
    ("短信", "簡訊"),
    # the spoken 咋 and 啥 of the north: 咋報名 asks how to apply, 叫啥 what it is called
    ("咋", "怎麼"),
    ("啥", "什麼"),
    # mainland names of countries, as the content names them (its variants lack these)
    ("埃斯瓦蒂尼", "史瓦帝尼"),
    ("索馬里蘭", "索馬利蘭"),
    ("巴布亞新幾內亞", "巴布亞紐幾內亞"),
    ("阿拉伯聯合酋長國", "阿拉伯聯合大公國"),
    ("波斯尼亞和黑塞哥維那", "波士尼亞與赫塞哥維納"),
    ("聖克里斯托弗和尼維斯", "聖克里斯多福及尼維斯"),
)


# 數字 is a digit in Taiwan; the mainland's 數字經濟, 數字轉型… are the paper's 數位 (digital)
DIGITAL = re.compile("數字(?=化|經濟|轉型|治理|健康|政府|技術|科技|落差|能力|工具|平臺|服務)")


def from_simplified(text: str) -> str:
    """Simplified input as the content would write it."""
    converted = DIGITAL.sub("數位", to_traditional(text))
    for mainland, taiwan in TAIWAN_USAGE:
        converted = converted.replace(mainland, taiwan)
    return converted


def is_simplified(text: str, converted: str) -> bool:
    # s2tw also rewrites 台 as 臺, which is not a sign of Simplified input.
    return any(a != b and a != "台" for a, b in zip(text, converted, strict=False))


def latin_scores(text: str) -> tuple[int, int]:
    words = [w.casefold() for w in LATIN_WORD.findall(text)]
    es = sum(w in ES_WORDS for w in words) + 2 * len(SPANISH_MARKS.findall(text))
    en = sum(w in EN_WORDS for w in words)
    return en, es


def detect(text: str) -> Detection:
    han = len(HAN.findall(text))
    en, es = latin_scores(text)
    if han:
        converted = to_traditional(text)
        # An English or Spanish sentence that only names something in Chinese stays in its
        # language, even a long program name ("…it's called 友好國家醫事人員訓練計畫?").
        latin_words = len(LATIN_WORD.findall(text))
        if max(en, es) >= 3 and (han <= 6 or 2 * latin_words >= han):  # a Chinese word: ~2 characters
            return Detection("en" if en > es else "es", converted)
        if is_simplified(text, converted):
            return Detection("zh-Hant", from_simplified(text), simplified=True)
        return Detection("zh-Hant", converted)
    if max(en, es) < MIN_SIGNAL or en == es:
        en, es = vocabulary_scores(text)
    if max(en, es) < MIN_SIGNAL or en == es:
        return Detection(None, text)
    return Detection("en" if en > es else "es", text)


def vocabulary_scores(text: str) -> tuple[int, int]:
    """Words English or Spanish uses far more often than the other, by wordfreq's counts."""
    from wordfreq import zipf_frequency  # its lists load once, on the first message that needs them

    en = es = 0
    for word in (w.casefold() for w in LATIN_WORD.findall(text) if len(w) >= 3):
        lean = zipf_frequency(word, "es") - zipf_frequency(word, "en")
        es += lean >= VOCABULARY_LEAN
        en += lean <= -VOCABULARY_LEAN
    return en, es


def from_language_code(code: str | None) -> Lang:
    """Telegram's IETF tag to one of ours: any zh* → zh-Hant, es* → es, else en."""
    code = (code or "").lower()
    if code.startswith("zh"):
        return "zh-Hant"
    if code.startswith("es"):
        return "es"
    return "en"


def resolve(text: str | None, current: str | None, language_code: str | None) -> Detection:
    """The language for this turn: the message's own if it tells, else the user's current one."""
    fallback = current or from_language_code(language_code)
    if not text:
        return Detection(fallback, text or "")
    detection = detect(text)
    return Detection(detection.lang or fallback, detection.text, detection.simplified)

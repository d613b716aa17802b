"""What a question asks for, read from its wording in any of the three languages.

Rasa decides which entry a message is about; these patterns say which *detail* of it is wanted
("how many?" wants a number, "since when?" a year, "who runs it?" an organisation), whether it is
a detail the white paper never gives (deadlines, age limits, pay, fees), whether it asks about a
time after the paper, and whether it asks to hear the last answer in another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.content.models import About
from bot.core.synonyms import canonical, rewrite
from bot.languages import Lang
from nlu.components.segment import HAN, fold, tokens

# Which of several facts is wanted: the running total, the founding, the kinds, the name.
# More marks ("first") were tried and hurt: too many facts say "first".
Mark = Literal["total", "founding", "kinds", "name", "people"]

# Details the white paper never states for any program; asked for, the answer is "it does not say".
Silence = Literal[
    "deadline",
    "age",
    "pay",
    "fee",
    "travel",
    "language",
    "grades",
    "places",
    "link",
    "contact",
    "interest",
    "grant",
    "amount",
    "duration",
    "service",
]

_I = re.IGNORECASE


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I)


# "How much did it all weigh?", "¿cuánto pesó?", 多重: a weight, which the paper gives in tonnes
WEIGHT = (
    r"\bweigh(?:s|ed|t)?\b|\bhow many (?:tonnes|tons|kilos)\b|\bcuanto pes(?:a|o|aron|aba)\b"
    r"|多重|幾噸|多少噸|多少公斤|重量"
)

# Patterns run on accent-folded lowercase text (so "cuántos" and "cuantos" are one) and on the
# Traditional form of Chinese input.
ABOUT_PATTERNS: dict[About, re.Pattern[str]] = {
    "count": _any(
        r"\bhow many\b",
        r"\bby (?:roughly |about )?how much\b",
        r"\bhow much (?:\w+ )?(?:farm)?(?:land|area|rice|food|water|produce|electricity|power)\b",
        WEIGHT,
        r"\bnumber of\b",
        r"\bcuant[oa]s\b",
        r"\bcuanta (?:gente|poblacion|agua|tierra|superficie|comida|produccion)\b",
        r"\b(?:en )?cuanto (?:bajo|subio|aumento|disminuyo|crecio|cayo|mejoro|se redujo|se acorto)\b",
        r"\bnumero de\b",
        r"\bcantidad de\b",
        r"(?<!哪)(?<!第)(?<!幾)幾(?!乎|年|個月|週|天|幾年)",  # 哪幾種: which kinds, 第幾條: which article
        r"多少(?!錢|經費|預算|資金|金額|美元|時間)",
        r"人數|數量|總數|共有多少|有多少",
    ),
    "money": _any(
        # "how much farmland?" and "by how much did waiting times drop?" ask a quantity, not money
        r"(?<!\bby )(?<!\bby roughly )(?<!\bby about )\bhow much\b"
        r"(?!\s+(?:\w+\s+)?(?:farm)?(?:land|area|rice|food|water|time|produce|electricity"
        r"|power)\b)"
        # "how much shorter is the wait?", "how much more did farmers earn?": a comparison
        r"(?!\s+(?:more|less|longer|shorter|faster|slower|higher|lower|bigger|smaller|better|"
        r"worse|greater|quicker)\b)"
        r"(?!.{0,40}\b(?:weigh|weighs|weighed|weight)\b)",  # "how much did it all weigh?"
        r"\bbudget\b",
        r"\bamount\b",
        r"\bdollars?\b",
        r"\busd\b",
        r"\bmillions?\b",
        r"\bcuanto dinero\b",
        r"\bcuanta plata\b",
        r"\bcuanto (?:dono|dio|aporto|invirtio|presto|costo|se (?:dono|invirtio|presto))",
        r"\bmonto\b",
        r"\bpresupuesto\b",
        r"\bdolares\b",
        r"\bmillones\b",
        r"多少錢|金額|預算|經費|美元|萬元|億|多少資金|捐了多少|捐款多少|援助多少|貸款多少|獎金",
        r"(?:補助|補貼|慰問金|津貼).{0,8}多少",  # 防疫旅館補助每房每天多少: an amount
    ),
    "year": _any(
        r"\bwhen\b",
        r"\bwhat year\b",
        r"\bwhich year\b",
        r"\bsince\b",
        r"\bfounded\b",
        r"\bestablished\b",
        r"\bstart(?:ed)?\b",
        r"\bbeg[au]n\b",
        r"\bcuando\b",
        r"\bque ano\b",
        r"\bdesde\b",
        r"\bfundad[oa]\b",
        r"\bcread[oa]\b",
        r"\b(?:comenzo|empezo|nacio)\b|\b(?<!al )(?<!el )(?<!del )inicio\b(?! de\b)",  # not "al inicio de"
        r"何時|什麼時候|甚麼時候|哪一年|哪年|哪時|成立於|何年|幾幾年|幾年(?:開始|成立|起)|從.{0,6}開始|開始的|始於|起源",
        # "the founding date", "¿en qué fecha?", "成立幾年了？": a date, or the year it counts from
        r"\b(?:what|which|the|its|exact|founding|start(?:ing)?) dates?\b",
        r"\b(?:que|cual|la|su) fecha\b|\bfecha (?:de|en) (?:fundacion|creacion|inicio)\b",
        r"哪一天|日期|成立(?:了)?(?:幾|多少)年",
    ),
    "duration": _any(
        r"\bhow long\b",
        r"\bduration\b",
        # "how many years?", "¿cuántos años?": HOW_MANY_UNITS, below
        r"\bcuanto (?:tiempo|dura)\b",
        r"\bduracion\b",
        r"\bdura\b",
        r"多久|多長|為期|幾個月|幾週|幾天|期間多長|要待多久",
        r"(?<![幾哪第])幾年(?!開始|成立|起|級|前)",  # 提前幾年, 簽了幾年: not 哪幾年, 第幾年
    ),
    "actor": _any(
        r"\bwho\b(?! can\b)(?! is (?:it|this) for\b)",
        r"\bwhich (?:taiwanese )?(?:organi[sz]ation|agency|ministry|institution|body|partner|bank|foundation"
        r"|hospital|universit(?:y|ies)|compan(?:y|ies)|ngo)s?\b",
        r"\bpartners?\b",
        r"\brun by\b",
        r"\bin charge\b",
        r"\bquien(?:es)?\b(?! puede)",
        r"\bque (?:organizacion|institucion|entidad|agencia|ministerio|banco|fundacion|hospital|universidad"
        r"|empresa|ong)(?:es|s)?\b",
        r"\bsocios?\b",
        r"\ba cargo\b",
        r"誰(?!可以|能|適合)|哪(?:個|家|所|些)(?:國際|區域|民間)?(?:單位|機構|組織|部會|醫院|大學|公司|企業|NGO|基金會)|主辦|負責|執行單位|合作夥伴|跟誰|與誰|和誰",
    ),
    "place": _any(
        r"\bwhere\b",
        r"\b(?:which|what)\b.{0,30}\bcountr",
        r"\bdonde\b",
        r"\bque pais",
        r"\bcuales pais",
        r"\bcual (?:fue |es |era )?(?:el |la )?(?:primer |primera |unico |ultimo )?(?:pais|region|ciudad)",
        r"\ben que (?:pais|region|lugar)",
        r"哪裡|哪些國家|哪個國家|在哪|哪國|哪一國|哪幾個國家|什麼地方|哪些地方|哪些地區",
    ),
    "eligibility": _any(
        r"\bwho can\b",
        r"\beligib",
        r"\bcan i\b",
        r"\brequirements?\b",
        r"\bqualif",
        r"\bopen to\b",
        r"\bis (?:it|this) for\b",
        r"\bquien(?:es)? pued",
        r"\brequisitos?\b",
        r"\bpuedo\b",
        r"\bpara quien",
        r"誰可以|資格|條件|可以申請|能不能|能否|可否|適合|我可以|我能",
    ),
}

# "plazo" is a deadline, but "a largo plazo" is the long term
DEADLINE_PLAZO = r"(?<!largo )(?<!corto )(?<!mediano )\bplazos?\b"

SILENCE_PATTERNS: dict[Silence, re.Pattern[str]] = {
    "deadline": _any(
        r"\bdeadlines?\b",
        r"\bdue date\b",
        r"\bclosing date\b",
        r"\bapply by\b",
        r"\bwhen (?:do|does|will) (?:applications?|the call) (?:open|close)",
        r"\bfecha limite\b",
        DEADLINE_PLAZO,
        r"\bhasta cuando\b",
        r"\bconvocatoria\b",
        r"截止|期限|最後一天|收件日|報名日期|申請日期|(?<!月)幾號|(?:何時|什麼時候|哪時)(?:開始)?(?:報名|受理|申請)"
        r"|報名時間|申請時間",
    ),
    "age": _any(
        r"\bage\b",
        r"\bhow old\b",
        r"\byears old\b",
        r"\bedad\b",
        r"\bcuantos anos (?:tengo|debo|hay que|se necesitan)",
        r"年齡|幾歲|歲以下|歲以上",
    ),
    "pay": _any(
        r"\bsalary\b",
        r"\bstipends?\b",
        r"\ballowances?\b",
        r"\bwages?\b",
        r"\bget paid\b",
        r"\bhow much (?:do|does|will) (?:i|you|they|volunteers?) (?:get|earn|receive)",
        r"\bmonthly\b",
        r"\bper month\b",
        r"\b(?:al|por) mes\b",
        r"\bmensual(?:es)?\b",
        r"\bsueldo\b",
        r"\bsalario\b",
        r"\bestipendio\b",
        r"\basignacion\b",
        r"\bmensualidad\b",
        r"\bcuanto (?:me )?pagan\b",
        r"\bcuanto se gana\b",
        r"\bviaticos?\b",
        r"\bper diem\b",
        r"\bcuanto (?:gana|ganan|cobra|cobran)\b",
        r"\bhow much (?:does|do|would|will) (?:an? |the )?\w+ (?:earn|make|get paid)\b",
        r"薪水|薪資|工資|生活費|津貼|月薪|待遇|零用金|給多少錢|領多少|補助多少錢|每個月|每月|一個月(?:能|可以)?(?:發|領|拿|給)",
        r"補貼(?:多少|幾)|一個月[^，。？?]{0,6}多少錢",  # "一個月補貼多少錢？"
    ),
    "fee": _any(
        r"\bfees?\b",
        r"\btuition\b",
        r"\bdo i (?:have|need) to pay\b",
        r"\bis it free\b",
        r"\bcost me\b",
        r"\bcuota\b",
        r"\bmatricula\b",
        r"\barancel\b",
        r"\b(?:tengo|hay) que pagar\b",
        r"\bes gratis\b",
        r"學費|要付錢|收費|免費嗎|要錢嗎|報名費|自費",
    ),
    "travel": _any(
        r"\bair ?fares?\b",
        r"\bplane tickets?\b",
        r"\bflights?\b",
        r"\b(?:boletos?|pasajes?) (?:de )?avion\b",
        r"\bpasajes?\b",
        r"機票|旅費|交通費",
    ),
    "language": _any(
        r"\btoefl\b",
        r"\bielts\b",
        r"\btocfl\b",
        r"\blanguage (?:test|requirement|score|level)",
        r"\b(?:english|chinese|mandarin) (?:level|test|score)",
        r"\bnivel de (?:ingles|chino|idioma)",
        r"\bexamen de (?:idioma|ingles|chino)",
        r"\btoeic\b",
        r"托福|託福|雅思|多益|華語能力|語言能力|英文成績|語言成績|要會中文|中文要多好",
    ),
    # Marks or a GPA: the paper names no academic threshold for any program.
    "grades": _any(
        r"(?<![a-z])gpa(?![a-z])",  # "要GPA多少": no word boundary beside Chinese
        r"\bgrade point\b",
        r"\b(?:minimum|required) (?:grades?|marks)\b",
        r"\bwhat (?:grades?|marks) (?:do|does|would|will|are|is)"
        r" (?:i|you|we|one|applicants?|needed|required)\b",
        r"\bpromedio (?:minimo|de notas|academico|requerido)\b",
        r"\bnotas? minimas?\b|\bque notas?\b|\bque promedio\b",
        r"成績要求|成績要多少|成績要幾|平均成績|學業成績|在校成績|成績門檻",
    ),
    "places": _any(
        r"\bhow many (?:places|spots|slots|seats)\b",
        r"\bquotas?\b",
        r"\bcupos?\b",
        r"\bvacantes\b",
        r"名額|(?:錄取|招收|招)(?:多少|幾)(?:名|個|位|人)?",
    ),
    # The application form's web address: the paper gives none, the official channel has it.
    "link": _any(
        r"\b(?:application|registration|sign[- ]?up) (?:link|url|website|page|form)\b",
        r"\b(?:link|url|website) (?:to|for) (?:apply|register|sign up)",
        r"\b(?:enlace|link|pagina|sitio(?: web)?) (?:de|para)"
        r" (?:postulacion|inscripcion|postular|inscribirse)",
        r"(?:報名|申請)(?:的)?(?:網址|網站|網頁|連結)",
        r"\b(?:url|web address|website address|direccion web|direccion de la pagina)\b",
        r"網址",  # the paper prints no web addresses
    ),
    # Alternative military service abroad (外交替代役): the paper never mentions it.
    "service": _any(
        r"替代役",
        r"\b(?:alternative|substitute|alternate) (?:military |civilian |national )?service\b",
        r"\bservicio (?:militar |civil )?(?:sustitutivo|alternativo|sustituto)\b|\bprestacion sustitutoria\b",
    ),
    # A phone number, an e-mail or a bank account: the paper prints none; the channel has them.
    "contact": _any(
        r"\bphone(?: number)?\b",
        r"\btelephone\b",
        r"\be-?mail(?: address)?\b",
        r"\bcontact (?:person|details|number)\b",
        r"\b(?:bank )?account number\b",
        r"\btelefono\b",
        r"\bcorreo(?: electronico)?\b",
        r"\bnumero de cuenta\b",
        r"電話|電子郵件|信箱|e-?mail|聯絡方式|聯絡人|帳號|匯款帳戶",
        # the mainland's 邮箱, 联系方式 once converted
        r"郵箱|聯繫(?:電話|方式|人|窗口|他們|誰)|(?:怎麼|如何|怎樣)聯繫",
    ),
    "interest": _any(r"\binterest rates?\b", r"\btasas? de interes\b", r"利率|利息(?:多少|是多少|幾%)"),
    # The most a single project or NGO can receive.
    "grant": _any(
        r"\b(?:maximum|max|largest) (?:grant|amount|funding|subsidy)\b",
        r"\b(?:grant|funding|subsidy) (?:per|for each|for one) project\b",
        r"\bmonto maximo\b",
        r"\bcuanto (?:dinero )?(?:dan|financian|subsidian|otorgan) por proyecto\b",
        r"補助上限|最(?:多|高)(?:可以|能)?(?:申請|補助|補|借|貸|拿到?|領到?)(?:多少|幾)|一個(?:案子|計畫)(?:最多)?(?:可以)?(?:申請|補助)?多少錢",
        r"上限(?:是|為)?多少|每(?:案|件|個計畫)(?:最多)?(?:可以)?(?:申請|補助)?多少",
        r"\b(?:upper limit|cap) (?:on|for|per)\b|\btope (?:de|por|maximo)\b",
    ),
}

# What a fact or offer would contain if it did answer the silent question.
SILENCE_ANSWERED: dict[Silence, re.Pattern[str]] = {
    "deadline": _any(r"截止", r"\bdeadline", DEADLINE_PLAZO, r"fecha l[ií]mite"),
    "age": _any(r"歲", r"\bage[sd]?\b", r"\bedad"),
    "pay": _any(
        r"薪", r"津貼", r"生活費", r"\bstipend", r"\bsalar", r"\ballowance", r"\bsueldo", r"\bestipendio"
    ),
    "fee": _any(
        r"學費", r"\btuition", r"\bfees?\b", r"\bmatr[ií]cula", r"\baranceles?\b", r"免費", r"free of charge"
    ),
    "travel": _any(r"機票", r"旅費", r"\bair ?fares?", r"\bflights?\b", r"\bpasajes?"),
    "language": _any(r"托福", r"託福", r"雅思", r"多益", r"\btoefl", r"\bielts", r"\btoeic", r"語言能力"),
    "grades": _any(r"(?<![a-z])gpa(?![a-z])", r"成績", r"\bgrades?\b", r"\bpromedio\b"),
    "places": _any(r"名額", r"\bplaces\b", r"\bcupos?\b", r"\bquota"),
    "link": _any(r"https?://"),
    "contact": _any(r"電話", r"\bphone\b", r"\btel[eé]fono", r"@\w"),
    "interest": _any(r"利率", r"interest rate", r"tasas? de inter[eé]s"),
    "grant": _any(r"上限", r"\bmaximum\b", r"\bup to\b", r"m[aá]ximo"),
    "service": _any(r"替代役", r"\balternative (?:military )?service\b"),
}

# "How do I apply?": the how-to-apply screen answers it, whatever the program.
HOW_TO_APPLY = _any(
    r"\bhow (?:do|can|could|should) (?:i|we|one|you) (?:apply|register|sign up|enrol|enroll|join)\b",
    r"\bhow to (?:apply|register|sign up|enrol|enroll|join)\b",
    r"\b(?:application process|application procedure|where (?:do|can) i apply)\b",
    r"\bcomo (?:postulo|postular|aplico|aplicar|solicito|solicitar|me inscribo|inscribirme|participo"
    r"|participar)\b",
    r"\b(?:donde|a donde) (?:postulo|aplico|solicito|me inscribo)\b",
    r"怎麼申請|如何申請|申請方式|申請流程|怎樣申請|去哪裡申請|怎麼報名|如何報名|怎麼參加|如何參加",
    r"(?:哪裡|哪個網站|哪個網頁|什麼網站|哪個平臺)(?:可以)?(?:報名|申請)|報名(?:方式|管道|網站|流程)|申請(?:管道|網站)",
)

# How to get or do something oneself: a procedure, which no fact of the paper describes.
PROCEDURE = _any(
    r"\bhow (?:do|can|could|should) (?:i|we|you) (?:get|obtain|renew|open|make|do|find|pay)\b",
    r"\bhow to (?:get|obtain|renew|open|make|pay)\b",
    r"\bcomo (?:saco|obtengo|consigo|tramito|renuevo|hago|pago|abro)\b",
    r"\bcomo se (?:saca|obtiene|tramita|hace)\b",
    r"(?:怎麼|如何|怎樣)(?:辦理|申辦|取得|拿到|辦|弄|付)",
)


# Things the white paper never covers, recognised by their wording: other countries' scholarships,
# visas and residence, tourism. Asked about, the bot says what it can do rather than guess.
ELSEWHERE = _any(
    r"\b(?:erasmus|daad|fulbright|chevening|mext|monbukagakusho|commonwealth scholarships?|"
    r"oas scholarships?|becas? (?:de la )?oea|eiffel|csc scholarships?|gates cambridge|rhodes)\b",
    r"\b(?:scholarships?|becas?|grants?)\b.{0,40}\b(?:in|to|en|para|a) (?:germany|alemania|europe|europa|"
    r"the us|usa|united states|estados unidos|eeuu|the uk|uk|reino unido|japan|japon|spain|espana|"
    r"france|francia|canada|australia|china|korea|corea)\b",
    r"(?:美國|日本|英國|德國|歐洲|法國|加拿大|澳洲|韓國|中國大陸|大陸)(?:的)?(?:研究所|大學|留學)?(?:的)?獎學金",
    r"\b(?:visa|visas|visado|visados|visa-free|residence permit|permiso de residencia|work permit|"
    r"permiso de trabajo|gold card|arc)\b",
    r"簽證|居留證|居留|工作證|金卡|免簽|(?:落地|電子|觀光|旅遊)[簽籤]",  # s2tw writes 落地签 as 落地籤
    r"\b(?:tourist|sightseeing|turista|hostal|itinerary|itinerario)\b",
    r"旅遊|自由行|住宿推薦|(?<!人權)(?<!民主)(?<!歷史)景點|天氣",  # not the human-rights sites a camp visits
    r"\b(?:weather|forecast|pronostico del tiempo)\b",
    # sport: a country's football team, a world ranking (not the football boots given to pupils,
    # nor the 口罩國家隊 of mask makers)
    r"\b(?:football|soccer|world cup|olympics?|olympic games|fifa|national team|futbol|juegos olimpicos"
    r"|copa (?:del mundo|mundial)|seleccion (?:nacional )?de futbol)\b",
    r"足球(?!鞋)|籃球|棒球|世界盃|奧運|(?<!口罩)國家隊|世界排名",
    # daily life the paper never touches: rain, recipes, driving licences, household papers
    r"下雨|食譜|湯底|怎麼(?:煮|熬|炒|烤)|駕照|駕駛執照|戶籍謄本|戶口名簿|國慶日",
    r"匯率|股票|股價|電影|電視劇|美食|小吃|好吃|購物|減肥|星座|捷運|高鐵|租房",
    r"\b(?:exchange rates?|tipo de cambio|restaurants?|restaurantes?|peliculas?|stock (?:market|price)s?"
    r"|bolsa de valores)\b",
    r"\b(?:recipes?|recetas?|driver'?s licen[cs]e|driving licen[cs]e|licencia de conducir|national day"
    r"|dia nacional|fiesta nacional)\b",
    # Other donors' own programs (Japan's JICA, Korea's KOICA, Spain's AECID…), not Taiwan's.
    r"(?<![a-z])(?:jica|koica|aecid|giz|fcdo|dfid|(?:the|us|u\.s\.|american) peace corps"
    r"|cuerpos? de paz)(?![a-z])",
    r"(?<!路竹會)和平隊|日本國際協力機構|韓國國際協力團",
)

# "The WHO's 2030 goal", "la Agenda 2030", 2030 年永續發展目標: a target year, not news after the paper
GOAL_YEAR = _any(
    r"\b(?:agenda|meta|objetivos?)\s+(?:de\s+)?20\d\d(?!\d)",
    r"議程\s*20\d\d(?!\d)",
    r"(?<!\d)20\d\d\s*年?\s*(?:agenda|goals?|targets?|sdgs?|metas?|objetivos?|議程|目標|永續|願景)",
    r"\b(?:by|before|para|antes de|hasta)\s+(?:el\s+)?(?:ano\s+)?20[3-9]\d(?!\d)",
    r"(?<!\d)20[3-9]\d\s*年?\s*(?:前|以前|之前)",
)
# "Remote consultations by phone", "consultas por teléfono", 電話問診: the phone as a medium,
# not a request for a phone number
PHONE_MEDIUM = _any(
    r"\b(?:by|over the|via|per|on the) (?:tele)?phone\b",
    r"\b(?:tele)?phone (?:consultations?|calls?|appointments?)\b",
    r"\bpor telefono\b|\b(?:consultas?|llamadas?|atencion) telefonicas?\b",
    r"電話(?:問診|諮詢|看診|會議|訪視|關懷|訪問)",
)
# "每個月平均淨利多少？", "¿cuánto gana un agricultor?": what a project's farmers or sellers earn is
# one of its results, which the paper may give, not what a participant is paid
EARNINGS = _any(
    r"淨利|利潤|盈餘|營收|收入|銷售|營業額|農民|農戶|家庭|交易量|產量|產值|銷量|合作社|噸",
    r"\b(?:profits?|income|revenue|sales|earnings|farmers?|households?|famil(?:y|ies)|growers?|producers?"
    r"|tons|tonnes|output|cooperatives?)\b",
    r"\b(?:ganancias?|ingresos?|utilidad(?:es)?|ventas|agricultor(?:es)?|productor(?:es)?|familias?"
    r"|campesinos?|hogares|pescadores|toneladas|produccion|cooperativas?)\b",
)

# A year after the paper's newest figures, or "now" words.
AFTER_PAPER = _any(
    r"(?<!\d)20(?:2[4-9]|3\d)(?!\d)",  # "2025年" too: \b fails between a digit and a CJK character
    r"\bthis year\b",
    r"\bcurrently\b",
    r"\bcurrent (?!affairs\b)\w+",  # "the current secretary general", "current figures"
    r"(?<!until )(?<!up to )(?<!till )(?<!by )(?<!and )(?<!so )(?<!just )\bnow\?*$",  # "…live in Taiwan now?"
    r"(?<!hasta )\bhoy\b(?! en dia)",
    r"\b(?:el|la|los|las) \w+ actual(?:es)?\b|\bactual (?:director|presidente|secretario|ministro)",
    r"\bright now\b",
    r"\bnowadays\b",
    r"\blatest\b",
    r"\beste ano\b",
    r"\bactualmente\b",
    r"\bhoy en dia\b",
    r"\bultim[oa]s?\b",
    r"今年|最新|近況|現任",
    # not "我現在在臺灣讀碩士": where the asker is now, in a self-introduction
    r"(?:目前|現在)(?!在|正在|就讀|住在|讀|念|唸|工作)",
    # the next edition of anything is after the paper
    r"\b(?:the )?next (?:one|edition|call|round|session|workshop|event|cohort|forum|intake)\b",
    r"\bupcoming\b",
    r"\bproxim[oa]s? (?:convocatoria|taller|edicion|evento|foro|curso|promocion|ronda)",
    r"下一(?:屆|次|梯|期|場|輪)|下屆|下次",
)

# "What is the GCTF?", "¿cómo funciona…?", "…是什麼？": a question about the whole program, which
# its summary answers first.
OVERVIEW = _any(
    r"^\s*what (?:is|are) (?:the |a |an )?(?!deadline|budget|age|cost|fee)",
    r"\bhow does .{1,60} work\b",
    r"\btell me (?:about|more about)\b",
    r"^\s*(?:que|cual) (?:es|son) (?:el|la|los|las)?\s*(?!plazo|presupuesto|edad|costo|monto)",
    r"\bcomo funciona\b",
    r"\bhablame (?:de|del|sobre)\b",
    r"是什麼[？?]?\s*$|介紹一下|是做什麼的|在做什麼",
)

# "In English, please" / "en español" / "請用中文": a request to hear it again in another language.
SWITCH_PATTERNS: dict[Lang, re.Pattern[str]] = {
    "en": _any(
        r"^(?:in|to) english\b",
        r"\b(?:say|answer|reply|write|tell me|speak|repeat|explain)(?: (?:it|that|this|me))? in english\b",
        r"\benglish,? please\b",
        r"\ben ingles\b",
        r"英文|英語",
    ),
    "es": _any(
        r"^en espanol\b",
        r"\b(?:dimelo|dime|responde|respondeme|contesta|escribe|habla|repite|explica)(?:lo|me)?"
        r"(?: eso)? en espanol\b",
        r"\ben espanol,? por favor\b",
        r"\bin spanish\b",
        r"\bspanish,? please\b",
        r"西班牙文|西文|西語|西班牙語",
    ),
    "zh-Hant": _any(
        r"\bin (?:chinese|mandarin)\b",
        r"\bchinese,? please\b",
        r"\ben chino\b",
        r"中文|華語|國語|漢語",
    ),
}
SWITCH_MAX_CHARS = 60  # longer messages ask something else and only mention a language

# "請改用英文回答合作學校", "in English please: who runs it?": a question to answer in another
# language. Only an explicit request to answer counts ("英語授課嗎" asks about the courses).
ANSWER_IN: dict[Lang, re.Pattern[str]] = {
    "en": _any(
        r"\b(?:answer|reply|respond|tell me|explain)(?: me| it| that)? in english\b",
        r"\bin english,? please\b",
        r"^in english\b",
        r"(?:用|改用|以)(?:英文|英語)(?:回答|回覆|說明|解釋|講)",
    ),
    "es": _any(
        r"\b(?:responde|respondeme|contesta|contestame|dime|explica|explicame)(?:lo)? en espanol\b",
        r"\ben espanol,? por favor\b",
        r"^en espanol\b",
        r"(?:用|改用|以)(?:西班牙文|西班牙語|西文)(?:回答|回覆|說明|解釋|講)",
    ),
    "zh-Hant": _any(
        r"\b(?:answer|reply|respond|tell me|explain)(?: me| it| that)? in (?:chinese|mandarin)\b",
        r"\bin (?:chinese|mandarin),? please\b",
        r"\b(?:responde|respondeme|contesta|dime|explica)(?:lo|me)? en chino\b",
        r"(?:用|改用|以)(?:中文|華語|國語)(?:回答|回覆|說明|解釋|講)",
    ),
}
# Besides these, a request to switch language says nothing: "ICDF 的課程都是英語授課嗎" asks about
# the courses' language and is no request to answer in English.
SWITCH_WORDS = frozenset(
    """
    english spanish chinese mandarin espanol ingles chino castellano answer reply respond say write
    speak talk repeat again translate please pls plz can could you it that this in to me en por favor
    dimelo dime responde respondeme contesta escribe habla hablame repite explica explicalo traduce
    otra vez puedes podrias lo eso
    英文 英語 中文 華語 國語 漢語 西班牙文 西文 西語 西班牙語
    說 講 回答 回覆 重複 一遍 一次 再說 翻譯 翻成 改用 改成 可以
    請用 用 請說 再講 麻煩
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words that carry no topic: question words, fillers and function words of the three languages.
# What remains of a message without them says whether it names a topic or only asks about the one
# under discussion ("since when?", "¿y cuánto dura?", "那預算多少？").
STOPWORDS = frozenset(
    """
    the a an of and or to in on at for from by with about is are was were be been do does did
    what which who whom whose when where why how many much long since tell me please can could
    would should will i you we they it its this that these those there here any some more also
    else again then so ok okay thanks and about year years what's whats is it s have has had
    take taken part get got give given done make made so far yet still now there's
    officially formally actually exactly roughly approximately really during while
    el la los las un una unos unas de del y o en con por para sobre que cual cuales quien quienes
    cuando donde como cuanto cuanta cuantos cuantas es son fue era ser esta estan hay me te se
    lo le les nos mi mis tu su sus al desde hace ano anos mas tambien entonces pues y bueno
    gracias favor dime decir puedes podria hubo ha han tiene tienen tuvo hizo hace hecho
    oficialmente formalmente exactamente aproximadamente realmente lleva llevan durante mientras
    too either ellos ellas
    的 了 嗎 呢 吧 啊 呀 哦 喔 是 有 在 和 與 及 跟 請問 想問 問 一下 我 你 您 他 她 們 我們 這 那 這個 那個
    他們 她們 它們 那裡 那邊 當地 該國
    個 什麼 甚麼 怎麼 怎樣 如何 多少 幾 哪 哪些 哪個 誰 何時 時候 多久 可以 能 會 要 還有 那麼 另外
    哪年哪月 哪月 哪天 哪一天 幾月 幾號 幾月幾號 哪一年 哪年 哪位 哪一位 哪家 哪一家 哪裡 哪兒
    呢 嗎 請 告訴 知道 一下 也 又 再 都 就 還 多 年 從 開始 到 為 為何 為什麼
    怎麼樣 怎麼辦 什麼樣 有沒有 是不是 正式 大約 大概 到底
    哪幾 哪幾種 哪幾個 哪種 哪類 哪一種 哪一類 哪一個 哪一些 幾種 幾項 幾場 幾次 幾位 幾個 一個 一些
    thing things thingy stuff lol haha hh jaja jajaja cosa cosas 哈哈 啥 東西
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# People counted, in the English every fact has: asked ("how many nurses?") and given ("8,474 people").
PEOPLE_EN = (
    "people|persons|participants|students|trainees|doctors|nurses|volunteers|patients|refugees|residents"
    "|beneficiaries|attendees|donors|visitors|viewers|individuals|officials|women|children|farmers|families"
    "|households|scholars|graduates|members|staff|experts"
)
# Questions after a particular one of several facts: the running total ("how many so far?",
# "¿cuántos en total?", "一共多少？"), the founding, the people counted, the name, the kinds.
MARK_PATTERNS: dict[Mark, re.Pattern[str]] = {
    "total": _any(
        r"\b(?:so far|in total|in all|altogether|all together|to date|until now|up to now)\b",
        r"\b(?:overall|cumulative)\b",
        r"\bhow many (?:\w+ )?(?:have|has) (?:there )?(?:been|had|held|trained|sent|received)\b",
        r"\b(?:en total|hasta ahora|hasta la fecha|hasta hoy|en conjunto|acumulad[oa]s?|por todo)\b",
        r"一共|總共|共計|累計|至今|迄今|截至|總計|合計|到目前|到現在|總數",
    ),
    # "When was the TFD founded?": the fact of its founding, not one of its yearly results.
    "founding": _any(
        r"\b(?:founded|founding|established|establishment|set up|created|creation)\b",
        r"\b(?:fundad[oa]s?|fundo|fundacion de|cread[oa]s?|creo|creacion|establecid[oa]s?|establecio)\b",
        r"成立|創立|設立|創辦|創設",
    ),
    # "多少人捐了物資？", "how many nurses?": a count of people, not of tonnes or dollars
    "people": _any(
        r"多少人|多少位|幾位|幾個人|幾人|多少名|多少人次",
        r"多少(?:學員|學生|民眾|人員|醫師|醫生|護理師|護士|志工|病患|患者|難民|國人|官員|婦女|農民|家庭)",
        rf"\bhow many (?:\w+ )?(?:{PEOPLE_EN})\b",
        r"\bcuant[oa]s (?:\w+ )?(?:personas|participantes|estudiantes|alumnos|becarios|medicos|enfermer[oa]s"
        r"|voluntari[oa]s|pacientes|refugiados|beneficiarios|donantes|funcionarios|ninos|mujeres|agricultores"
        r"|familias|hogares|expertos|graduados|miembros)\b",
    ),
    # "用馬紹爾語叫什麼名字？": the fact that says what something is called
    "name": _any(
        r"叫什麼|叫甚麼|叫啥|什麼名字|甚麼名字|名字|名稱|全名|全稱|英文名|簡稱|改名|改成什麼",
        r"\b(?:is|was|are|were)\b[^?.]{0,40}\bcalled\b|\bcalled what\b|\bthe name\b|\bnamed what\b",
        r"\bcomo se llama\b|\bnombre\b|\bcomo se llamaba\b",
    ),
    # "國際研習班有哪幾種班？": the fact that sorts the program into its kinds
    "kinds": _any(
        r"\b(?:what|which) (?:kinds|types|sorts|categories) of\b|\bhow many (?:kinds|types|categories)\b",
        r"\b(?:que|cuales) (?:tipos|clases) de\b|\bcuantos tipos\b",
        r"哪幾種|哪些種類|哪幾類|哪些類型|什麼類型|哪些類別|幾種|幾類|幾大(?:類|項|領域|面向|方式|工作)",
    ),
}

# "What does Taiwan do in <place>?": words that ask about a place as a whole, not for a detail.
PLACE_OVERVIEW_WORDS = frozenset(
    """
    taiwan taiwanese do does did done doing help helped helps helping cooperation cooperate cooperates
    project projects program programs programme programmes work works working relations relation
    relationship ties aid support anything news latest recently recent there has have
    taiwanes hace hecho hizo ayuda ayudado ayudo ayudar cooperacion coopera proyecto proyectos programa
    programas relacion relaciones trabaja apoyo algo novedades reciente recientemente alli ahi tiene
    臺灣 台灣 我國 合作 計畫 計劃 專案 幫過 幫 幫忙 幫助 協助 援助 關係 最近 進展 做 做過 項目 交流 成果
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# "How much did it cost?": words that only ask for an amount and name nothing of their own.
AMOUNT_WORDS = frozenset(
    """
    money cost costs budget amount dollars dollar usd million millions funding spend spent donate
    donated give gave given pay paid total overall
    dinero costo costaron presupuesto monto dolares millones fondos dio dieron dono donaron aporto
    aportaron gasto gastaron invirtio total
    錢 預算 經費 金額 美元 資金 捐 捐款 捐了 總共 一共 花 花了 總額 多少錢
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# A region named in a follow-up ("¿y en África?"): the guide to that region. Africa comes before
# Asia so "Asia Central" is the Africa-Middle East-Central Asia guide's; South Africa is a country.
REGION_PATTERNS: dict[str, re.Pattern[str]] = {
    "guide-africa-middle-east": _any(
        r"\b(?<!south )(?<!sud)africa\b",
        r"\b(?:middle east|medio oriente|oriente medio|central asia|asia central)\b",
        r"(?<!南)非洲|中東|中亞",
    ),
    "guide-latin-america-caribbean": _any(
        r"\b(?:latin america|latinoamerica|america latina|caribbean|caribe|central america|centroamerica)\b",
        r"\b(?:south america|sudamerica|suramerica)\b|拉丁美洲|拉美|中南美|加勒比|中美洲|南美洲",
    ),
    "guide-pacific": _any(r"\b(?:the pacific|pacific islands|el pacifico|oceania)\b|太平洋|大洋洲"),
    "guide-asia-new-southbound": _any(r"\b(?:asia|southeast asia|sudeste asiatico)\b|亞洲|東南亞|南亞"),
    "guide-europe": _any(r"\b(?:europe|europa)\b|歐洲"),
}

# "Another question: …", "Otra cosa: …", 換個話題: the message says it leaves the topic. ("Different
# country: …" keeps it, for another place: the country rules read that.)
NEW_TOPIC = _any(
    r"^\W*(?:(?:ok|okay|so|now|right|thanks)\W+)*(?:(?:a )?(?:different|another|new|other)"
    r" (?:topic|question|subject|thing)|(?:switching|changing|change of) (?:topic|subject|gears)"
    r"|on another (?:note|topic)|unrelated (?:question|but))\b",
    r"^\W*(?:(?:ok|vale|bueno|gracias)\W+)*(?:otra cosa|otro tema|otra pregunta|cambiando de tema"
    r"|cambio de tema|pregunta aparte|aparte de eso)\b",
    r"^\W*(?:(?:好|好的|謝謝|嗯)\W*)?(?:換個|換一個|另一個|另外一個|問個別的|換)(?:話題|問題|主題)",
)

# "I'm Malaysian, …", "soy de Honduras y…", 我是馬來西亞華人: the asker's own country, said by way of
# introduction, not necessarily what the question is about.
SELF_INTRO = _any(
    r"\b(?:i'?m|i am|im|we are|we're)\b.{0,40}\b(?:from|in|based in|living in)\b",
    r"\b(?:soy|somos) (?:de|del)\b|\b(?:soy|somos) \w+ (?:de|del|y vivo)\b",
    r"\bvivo en\b|\ble escribo de(?:sde)?\b|\bsaludos desde\b|\btrabajo (?:en|para|como)\b",
    r"\bi (?:work|live) (?:at|in|for|as)\b|\bgreetings from\b",
    # "(Saludos) desde Asunción.": a place alone, as a sentence; not "From 2018 to 2020, how many…"
    r"^\s*(?:desde|from) [A-ZÁÉÍÓÚÑ][^\d,.?¿]{1,29}[.!]\s*$",
    r"我[是係].{0,8}(?:人|華人|華僑)|(?:我|本人)在.{0,12}(?:工作|讀書|念書|唸書|留學|做)",  # 係: Cantonese 是
    # "我是馬來西亞的大學生", "我來自菲律賓，…"
    r"我是.{0,8}的.{0,6}(?:學生|大學生|研究生|留學生|交換生|實習生|老師|教授|護士|護理師|醫生|醫師|官員|公務員|員工|職員"
    r"|記者|工程師|志工|研究員|學者|商人)",
    r"我(?:來自|從).{2,8}(?:來|，|,)",
)

CONNECTIVE = _any(
    r"^(?:(?:ok|okay|hmm|right|cool|great|thanks)\W+)?(?:and|what about|how about|also)\b",
    r"^(?:y|e|tambien|y en|y para|y el|y la|y los)\b",
    r"^(?:那|還有|另外|那麼|而|至於)",
)

# "Did Taiwan send vaccines there too?", "¿y qué más hizo allí?", "當地有什麼計畫？": the place of
# the last answer ("is there…?", "are there…?", "there are…" are no place).
PLACE_BACK = _any(
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?! (?:is|are|was|were|been|any)\b)",
    r"\b(?:in|for|to) (?:that|this|the same) (?:country|place)\b",
    r"\b(?:alli|ahi|alla)\b|\ben (?:ese|este|dicho) pais\b",
    r"那裡|那邊|當地|該國|那個國家",
)
# "That project", "esos préstamos", "這個計畫": the message points back at what was just said.
REFERS_BACK = _any(
    r"\b(?:that|this|the same) (?:project|program(?:me)?|fund|loan|course|initiative|workshop|scholarship"
    r"|mission|event|plan)\b",
    r"\b(?:those|these) (?:projects|programs|programmes|funds|loans|courses|workshops|scholarships"
    r"|missions|events)\b",
    r"\b(?:ese|este|esa|esta|esos|estos|esas|estas|dicho|dicha) (?:proyecto|programa|fondo|prestamo|curso"
    r"|taller|beca|mision|iniciativa|evento|plan)e?s?\b",
    r"(?:這|那|該)(?:個|項|些)?(?:計畫|計劃|專案|方案|基金|貸款|課程|活動|獎學金|研習班|工作坊)",
    # "捷克那部分是誰執行的？", "and the Czech part?": a part of what was just said
    r"(?:這|那|該)(?:個|一)?部分|\b(?:that|this|the \w+) part\b",
    r"\b(?:esa|esta|la \w+) parte\b|^\W*(?:y )?la parte de\b",
    # "anything like that there?", "¿algo parecido?", 類似的計畫: more of what was just said
    r"\b(?:anything|something|any|one|ones|projects?|programs?|programmes?) (?:like|similar to)"
    r" (?:that|this|it)\b",
    r"\balgo (?:asi|parecido|similar)\b|\b(?:parecido|similar) a (?:eso|ese|esa|esto)\b",
    r"類似的|同樣的(?:計畫|合作|專案)|這樣的(?:計畫|合作|專案)",
)


# Words that ask for money and nothing else; "how much did Taiwan donate?", "¿cuánto donó?" and
# 捐了多少 may ask for the masks given as well.
MONEY_ONLY = _any(
    r"\b(?:budget|amount|dollars?|usd|millions?|how much money|costs?|funding)\b",
    r"\b(?:cuanto dinero|monto|presupuesto|dolares|millones|cuanto costo|costo)\b",
    r"多少錢|金額|預算|經費|美元|萬元|億|多少資金|捐款多少|貸款多少|獎金",
)


# "Did it cut waiting times?", "¿Eso lo pidió el gobierno?", 它有頒什麼獎嗎: a question whose subject
# is what was just said.
POINTS_BACK = _any(
    r"^\W*(?:did|does|do|has|have|was|were) (?:it|they|that|this)\b",
    r"^\W*(?:eso|esto|ese|esa|este|esta) (?:lo |la |le )?\w+",
    r"^\W*(?:它|他們|這些|這個)",
    # "臺北榮總幫他們做了什麼？": them, the people just talked about
    r"(?:幫|為|給|替|幫助|協助|幫忙)(?:他們|她們|它們)(?!的?國)",
)


@dataclass(frozen=True)
class Asked:
    """What a message asks for, beyond which entry it is about."""

    about: tuple[About, ...] = ()
    silence: tuple[Silence, ...] = ()
    after_paper: bool = False
    switch_to: Lang | None = None
    answer_in: Lang | None = None  # a question to be answered in this language from now on
    content_tokens: tuple[str, ...] = ()  # the words that can name a topic
    elsewhere: bool = False  # asks about something the paper never covers (visas, DAAD, tourism)
    how_to_apply: bool = False  # "how do I apply?", in any of the languages
    procedure: bool = False  # how to get or do something: "¿cómo saco la tarjeta…?", 怎麼辦理
    connective: bool = False  # starts like a follow-up: "and…", "y…", "那…"
    refers_back: bool = False  # points at what was just said: "that project", "ese préstamo"
    points_back: bool = False  # its subject is what was just said: "did it…?", "¿eso…?", "它…"
    place_back: bool = False  # points at the place of the last answer: "there", "allí", "當地"
    overview: bool = False  # asks what a program is, as a whole
    marks: tuple[Mark, ...] = ()  # asks for the running total among several facts
    region: str | None = None  # the regional guide of a region the message names, and nothing else
    money_only: bool = False  # asks for money in words that ask for nothing else ("the budget")
    self_intro: bool = False  # names the asker's own place: "I'm from the Philippines, …"
    new_topic: bool = False  # says it leaves the topic: "different country: …", 換個話題

    @property
    def context_dependent(self) -> bool:
        """Short or elliptic: to be read against the topic under discussion."""
        return self.connective or len(self.content_tokens) <= 1


# "2020年給海灣國家": jieba glues the unit of a date to the next character ("年給"); a space
# after the unit keeps it apart.
DATE_UNIT = re.compile(rf"(\d\s*[年月日號])(?=[{HAN}])")


def normalise(text: str) -> str:
    """Accent-folded lowercase, so patterns need no accents."""
    return fold(text)


def read(text: str) -> Asked:
    """`text` is the message as understood (Chinese already in Traditional form)."""
    folded = normalise(text).strip()
    about = _about(normalise(_without_who_acronym(text)))
    silence = _silence(folded)
    new_topic = NEW_TOPIC.search(folded)
    topical = folded[new_topic.end() :] if new_topic else folded  # the marker names nothing
    words = canonical(_without_particles(tokens(rewrite(DATE_UNIT.sub(r"\1 ", topical)))))
    content = _content(words)
    switch = answer_in = None
    if len(folded) <= SWITCH_MAX_CHARS and all(t in SWITCH_WORDS for t in content):
        switch = next((lang for lang, pattern in SWITCH_PATTERNS.items() if pattern.search(folded)), None)
    else:
        answer_in = next((lang for lang, pattern in ANSWER_IN.items() if pattern.search(folded)), None)
        if answer_in is not None:  # the request's own words name no topic
            content = tuple(t for t in content if t not in SWITCH_WORDS)
    return Asked(
        about=about,
        silence=silence,
        after_paper=bool(AFTER_PAPER.search(GOAL_YEAR.sub(" ", folded))),
        switch_to=switch,
        answer_in=answer_in,
        content_tokens=content,
        connective=bool(CONNECTIVE.search(folded.lstrip("¿¡\"'“«( "))),  # "¿y en África?" too
        refers_back=bool(REFERS_BACK.search(folded)),
        points_back=bool(POINTS_BACK.search(folded)),
        place_back=bool(PLACE_BACK.search(folded)),
        overview=bool(OVERVIEW.search(folded)),
        marks=_marks(folded, about),
        region=_only_region(folded),
        elsewhere=bool(ELSEWHERE.search(folded)),
        how_to_apply=bool(HOW_TO_APPLY.search(folded)),
        procedure=bool(PROCEDURE.search(folded)),
        money_only=bool(MONEY_ONLY.search(folded)),
        self_intro=bool(SELF_INTRO.search(folded)),
        new_topic=new_topic is not None,
    )


# "WHO" in a message that is not all capitals is the World Health Organization, not "who?"
WHO_ACRONYM = re.compile(r"\bWHO\b")
NOT_SHOUTED = re.compile(rf"[a-z{HAN}]")


def _without_who_acronym(text: str) -> str:
    return WHO_ACRONYM.sub(" ", text) if NOT_SHOUTED.search(text) else text


def _silence(folded: str) -> tuple[Silence, ...]:
    without_medium = PHONE_MEDIUM.sub(" ", folded)
    found = []
    for kind, pattern in SILENCE_PATTERNS.items():
        if not pattern.search(without_medium if kind == "contact" else folded):
            continue
        if kind == "pay" and EARNINGS.search(folded) and not SILENCE_ANSWERED["pay"].search(folded):
            continue  # the farmers' income, not a stipend
        found.append(kind)
    return tuple(found)


def without_silence(text: str) -> str:
    """The message less its words for what the paper never gives ("國合會的聯繫電話是多少？" →
    "國合會的 是多少？"): what is left names the program, and the keywords should read only that."""
    folded = normalise(text)
    for pattern in SILENCE_PATTERNS.values():
        folded = pattern.sub(" ", folded)
    return folded


# "How many years…?", "¿cuántos años…?", 合作多少年: a length of time, not a count of things.
HOW_MANY_UNITS = _any(
    r"\bhow many (?:months|years|weeks|days)\b",
    r"\bcuant[oa]s (?:meses|anos|semanas|dias)\b",
    r"多少年|多少個月",
)


# "電話和郵箱是多少？": which number to call, not a count
CONTACT_NUMBER = re.compile(r"(?:電話|郵箱|信箱|號碼|傳真|分機|帳號|e-?mail)[^，。？?]{0,8}多少")


def _about(folded: str) -> tuple[About, ...]:
    folded = CONTACT_NUMBER.sub(" ", folded)
    about = [kind for kind, pattern in ABOUT_PATTERNS.items() if pattern.search(folded)]
    if HOW_MANY_UNITS.search(folded):
        rest = HOW_MANY_UNITS.sub(" ", folded)
        about = [k for k in about if k != "count" or ABOUT_PATTERNS["count"].search(rest)]
        if "duration" not in about:
            about.append("duration")
    return tuple(about)


def _marks(folded: str, about: tuple[About, ...]) -> tuple[Mark, ...]:
    marks = tuple(mark for mark, pattern in MARK_PATTERNS.items() if pattern.search(folded))
    if about and set(about) <= {"count", "money"}:
        # "How many mask production lines did Taiwan set up?" asks a number, not a founding
        marks = tuple(m for m in marks if m != "founding")
    return marks


PARTICLES = "嗎呢吧啊呀喔哦"
HAN_WORD = re.compile(f"^[{HAN}]+$")


def _without_particles(words: list[str]) -> list[str]:
    """jieba sometimes glues a closing particle to the word before ("獎嗎"): the word alone."""
    return [w[:-1] if len(w) > 1 and w[-1] in PARTICLES and HAN_WORD.match(w) else w for w in words]


def _content(words: list[str]) -> tuple[str, ...]:
    """The words that can name a topic: no stopwords, numbers or single letters."""
    return tuple(t for t in words if t not in STOPWORDS and not t.isdigit() and len(t) > 1)


def _only_region(folded: str) -> str | None:
    """ "¿y en África?" names a region and nothing else; "¿cuándo empezaron en América Latina?" more."""
    for guide, pattern in REGION_PATTERNS.items():
        if pattern.search(folded):
            return None if _content(canonical(tokens(pattern.sub(" ", folded)))) else guide
    return None


SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
QUESTION_MARK = re.compile(r"[?？]")


# "Hi there, …", "Buenas tardes, …", "你好，…": a greeting before a question is no part of it.
GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening|day))(?: there| all| team)?"
    r"|hola|buenas (?:tardes|noches)|buenas|buenos dias|buenos días|saludos|que tal|qué tal"
    r"|你好|您好|哈囉|嗨|大家好)(?:\s*[,!.:;~，！。、]+\s*|\s+)",
    re.IGNORECASE,
)
GREETING_REST_MIN = 12  # characters left after the greeting for it to be a question of its own


def without_greeting(text: str) -> str:
    """The message less a greeting that opens it, when a question follows ("hola buenas, …")."""
    rest = text
    while (match := GREETING.match(rest)) and len(rest[match.end() :].strip()) >= GREETING_REST_MIN:
        rest = rest[match.end() :]
    return rest


CLAUSE = re.compile(r"[^,，;；.。!！?？\n]+[,，;；.。!！?？\n]*")
QUESTION_REST_MIN = 8
INTRO_MAX_CHARS = 30  # a longer clause tells more than who is asking ("I'm a nurse and my boss said…")
# "…華人，在吉隆坡一家診所做護士，…": the introduction goes on, asking nothing
ASKS_NOTHING = r"^(?![^?？]*(?:什麼|哪|多少|幾|嗎))\s*"
INTRO_GOES_ON = _any(
    rf"{ASKS_NOTHING}(?:目前|現在)?在[^?？嗎呢]{{0,12}}(?:工作|讀書|念書|唸書|留學|做|就讀|讀|上班|服務)",
    # "…，在寫臺灣對外援助的課程論文，": what the asker is working on, not what is asked
    rf"{ASKS_NOTHING}(?:最近|目前|現在)?(?:正)?在(?:寫|研究|整理|準備)[^?？嗎呢]{{0,20}}"
    r"(?:論文|報告|作業|功課|資料|研究|thesis|assignment|paper|report|essay)",
)
# "我是吉隆坡一個NGO的實習生 老闆叫我…": unpunctuated Chinese parts its clauses with spaces
HAN_SPACE = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")


def without_introduction(text: str) -> str:
    """The message less the clauses that open it by introducing the asker ("我是越南的交換生，…",
    "I'm a nurse in Kuwait. …"): Rasa and the ranking read the question, not the biography. The
    country the asker names is still read from the whole message."""
    clauses = CLAUSE.findall(HAN_SPACE.sub("，", text))
    dropped = 0
    while (
        dropped < len(clauses) - 1
        and len(clauses[dropped]) <= INTRO_MAX_CHARS
        and (SELF_INTRO.search(clauses[dropped]) or (dropped and INTRO_GOES_ON.search(clauses[dropped])))
    ):
        dropped += 1
    rest = "".join(clauses[dropped:]).strip()
    return rest if dropped and len(rest) >= QUESTION_REST_MIN else text


def question_part(text: str, limit: int) -> str:
    """The part of a long message that asks: its last sentences with a question mark, else its end.

    People write context first and ask last ("I am a nurse from Belize … so how do I apply?").
    A greeting that opens it is dropped.
    """
    text = without_greeting(text)
    if len(text) <= limit:
        return text
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()]
    asking = [s for s in sentences if QUESTION_MARK.search(s)] or sentences[-2:]
    picked: list[str] = []
    for sentence in reversed(asking):
        if sum(len(s) for s in picked) + len(sentence) > limit:
            break
        picked.insert(0, sentence)
    return " ".join(picked) if picked else text[-limit:]

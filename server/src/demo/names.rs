//! The demo catalog's names in the residents' languages beside nb, nn and en,
//! so a Polish or Arabic reader chooses among themes in their own language.
//! Machine translated like the Fluent files (see TRANSLATING.md); a municipality
//! corrects its own names on the admin pages. Place names stay Norwegian: a
//! name missing here is shown in bokmål, marked `lang="nb"`.

/// The languages of each row, in order.
pub const LANGUAGES: [&str; 8] = ["pl", "uk", "lt", "ar", "so", "vi", "ur", "tr"];

/// (slug, names in `LANGUAGES` order)
pub type Translated = (&'static str, [&'static str; 8]);

pub const TEAMS: &[Translated] = &[
    (
        "boligsosial-avdeling",
        [
            "Dział mieszkalnictwa socjalnego",
            "Відділ соціального житла",
            "Socialinio būsto skyrius",
            "قسم الإسكان الاجتماعي",
            "Waaxda guryaha bulshada",
            "Phòng nhà ở xã hội",
            "سماجی رہائش کا شعبہ",
            "Sosyal konut birimi",
        ],
    ),
    (
        "boligtildeling",
        ["Przydział mieszkań", "Розподіл житла", "Būsto skyrimas", "تخصيص المساكن", "Qoondaynta guryaha", "Phân bổ nhà ở", "رہائش کی الاٹمنٹ", "Konut tahsisi"],
    ),
    (
        "startlan",
        [
            "Kredyt startowy (Startlån)",
            "Стартова позика (Startlån)",
            "Pradinė paskola (Startlån)",
            "قرض البداية (Startlån)",
            "Amaahda bilowga (Startlån)",
            "Khoản vay khởi đầu (Startlån)",
            "ابتدائی قرض (Startlån)",
            "Başlangıç kredisi (Startlån)",
        ],
    ),
    (
        "bostotte-garanti-depositum",
        [
            "Dodatek mieszkaniowy, gwarancja gminy i kaucja",
            "Житлова допомога, муніципальна гарантія та депозит",
            "Būsto pašalpa, savivaldybės garantija ir užstatas",
            "إعانة السكن والضمان البلدي والتأمين",
            "Kaalmada guriga, dammaanadda degmada iyo deebaajiga",
            "Trợ cấp nhà ở, bảo lãnh của thành phố và tiền đặt cọc",
            "رہائشی الاؤنس، میونسپل ضمانت اور ڈپازٹ",
            "Konut yardımı, belediye güvencesi ve depozito",
        ],
    ),
    (
        "housing-first",
        [
            "Zespół Housing First",
            "Команда Housing First",
            "Housing First komanda",
            "فريق Housing First",
            "Kooxda Housing First",
            "Nhóm Housing First",
            "Housing First ٹیم",
            "Housing First ekibi",
        ],
    ),
    (
        "miljovaktmester",
        [
            "Dozorcy osiedlowi",
            "Доглядачі житлового середовища",
            "Aplinkos prižiūrėtojai",
            "فريق مشرفي البيئة السكنية",
            "Kooxda ilaalinta deegaanka",
            "Nhóm quản lý môi trường khu dân cư",
            "ماحولیاتی نگران ٹیم",
            "Çevre görevlileri ekibi",
        ],
    ),
    (
        "nav",
        [
            "NAV (pomoc społeczna)",
            "NAV (соціальні служби)",
            "NAV (socialinės paslaugos)",
            "NAV (الخدمات الاجتماعية)",
            "NAV (adeegyada bulshada)",
            "NAV (dịch vụ xã hội)",
            "NAV (سماجی خدمات)",
            "NAV (sosyal hizmetler)",
        ],
    ),
    (
        "helse-omsorgsforvaltning",
        [
            "Administracja zdrowia i opieki",
            "Управління охорони здоров'я та догляду",
            "Sveikatos ir globos administracija",
            "إدارة الصحة والرعاية",
            "Maamulka caafimaadka iyo daryeelka",
            "Ban quản lý y tế và chăm sóc",
            "صحت و نگہداشت انتظامیہ",
            "Sağlık ve bakım idaresi",
        ],
    ),
    (
        "flyktningetjenesten",
        [
            "Służba ds. uchodźców",
            "Служба у справах біженців",
            "Pabėgėlių tarnyba",
            "خدمة اللاجئين",
            "Adeegga qaxootiga",
            "Dịch vụ người tị nạn",
            "مہاجرین کی خدمت",
            "Mülteci hizmeti",
        ],
    ),
    (
        "barnevern-bolig-inkludering",
        [
            "Ochrona dzieci, mieszkalnictwo i integracja",
            "Захист дітей, житло та інклюзія",
            "Vaikų gerovė, būstas ir įtrauktis",
            "رعاية الأطفال والسكن والإدماج",
            "Daryeelka carruurta, guryaha iyo ka mid noqoshada",
            "Bảo vệ trẻ em, nhà ở và hòa nhập",
            "بچوں کی بہبود، رہائش اور شمولیت",
            "Çocuk koruma, konut ve kapsayıcılık",
        ],
    ),
    (
        "rus-psykisk-helse",
        [
            "Uzależnienia i zdrowie psychiczne",
            "Залежності та психічне здоров'я",
            "Priklausomybės ir psichikos sveikata",
            "الإدمان والصحة النفسية",
            "Maandooriyaha iyo caafimaadka maskaxda",
            "Nghiện chất và sức khỏe tâm thần",
            "نشہ اور ذہنی صحت",
            "Bağımlılık ve ruh sağlığı",
        ],
    ),
    (
        "mke",
        [
            "Miejska spółka nieruchomości Moss (MKE)",
            "Муніципальна компанія нерухомості Мосса (MKE)",
            "Moss savivaldybės nekilnojamojo turto bendrovė (MKE)",
            "شركة موس البلدية للعقارات (MKE)",
            "Shirkadda hantida degmada Moss (MKE)",
            "Công ty bất động sản thành phố Moss (MKE)",
            "موس میونسپل پراپرٹی کمپنی (MKE)",
            "Moss Belediyesi Emlak Şirketi (MKE)",
        ],
    ),
    (
        "helse-mestring",
        [
            "Zdrowie i radzenie sobie",
            "Здоров'я та подолання труднощів",
            "Sveikata ir įveika",
            "الصحة والتكيّف",
            "Caafimaadka iyo la qabsiga",
            "Sức khỏe và khả năng ứng phó",
            "صحت اور مقابلے کی صلاحیت",
            "Sağlık ve baş etme",
        ],
    ),
    (
        "samfunnsutvikling",
        [
            "Rozwój lokalny",
            "Розвиток громади",
            "Bendruomenės plėtra",
            "تنمية المجتمع",
            "Horumarinta bulshada",
            "Phát triển cộng đồng",
            "سماجی ترقی",
            "Toplum gelişimi",
        ],
    ),
];

pub const THEMES: &[Translated] = &[
    (
        "kommunal-bolig",
        [
            "Wniosek o mieszkanie komunalne lub oczekiwanie na nie",
            "Заява на муніципальне житло або очікування на нього",
            "Savivaldybės būsto prašymas ar laukimas",
            "التقديم على سكن بلدي أو انتظاره",
            "Codsashada ama sugitaanka guri degmo",
            "Nộp đơn hoặc chờ nhà ở của thành phố",
            "میونسپل رہائش کے لیے درخواست یا انتظار",
            "Belediye konutu başvurusu veya beklemesi",
        ],
    ),
    (
        "startlan-leie-til-eie",
        [
            "Kredyt startowy i najem z dojściem do własności",
            "Стартова позика та оренда з викупом",
            "Pradinė paskola ir nuoma su išpirkimu",
            "قرض البداية والإيجار المنتهي بالتملك",
            "Amaahda bilowga iyo kiro ilaa lahaansho",
            "Khoản vay khởi đầu và thuê để sở hữu",
            "ابتدائی قرض اور کرایہ سے ملکیت",
            "Başlangıç kredisi ve kirala-sahip ol",
        ],
    ),
    (
        "bostotte-depositum-garanti",
        [
            "Dodatek mieszkaniowy, kaucja i gwarancja",
            "Житлова допомога, депозит і гарантія",
            "Būsto pašalpa, užstatas ir garantija",
            "إعانة السكن والتأمين والضمان",
            "Kaalmada guriga, deebaajiga iyo dammaanadda",
            "Trợ cấp nhà ở, tiền đặt cọc và bảo lãnh",
            "رہائشی الاؤنس، ڈپازٹ اور ضمانت",
            "Konut yardımı, depozito ve güvence",
        ],
    ),
    (
        "husleie-og-inntekt",
        [
            "Czynsz a dochód",
            "Орендна плата і дохід",
            "Nuomos mokestis ir pajamos",
            "الإيجار والدخل",
            "Kirada iyo dakhliga",
            "Tiền thuê nhà và thu nhập",
            "کرایہ اور آمدنی",
            "Kira ve gelir",
        ],
    ),
    (
        "vedlikehold-mangler",
        [
            "Konserwacja i usterki w mieszkaniu",
            "Ремонт і недоліки в житлі",
            "Būsto priežiūra ir defektai",
            "الصيانة والعيوب في المسكن",
            "Dayactirka iyo cilladaha guriga",
            "Bảo trì và hư hỏng trong nhà",
            "گھر کی دیکھ بھال اور خرابیاں",
            "Konuttaki bakım ve arızalar",
        ],
    ),
    (
        "bolig-passer-ikke",
        [
            "Mieszkanie nie odpowiada potrzebom",
            "Житло не відповідає потребам",
            "Būstas neatitinka poreikių",
            "المسكن لا يناسب الاحتياجات",
            "Gurigu uma habboona baahiyaha",
            "Nhà ở không phù hợp với nhu cầu",
            "گھر ضروریات کے مطابق نہیں",
            "Konut ihtiyaçlara uygun değil",
        ],
    ),
    (
        "stoy-uro",
        [
            "Hałas i niepokój ze strony sąsiadów",
            "Шум і неспокій від сусідів",
            "Kaimynų triukšmas ir neramumai",
            "الضجيج والإزعاج من الجيران",
            "Buuq iyo qas ka yimaada deriska",
            "Tiếng ồn và quấy rối từ hàng xóm",
            "پڑوسیوں کا شور اور بے چینی",
            "Komşulardan gürültü ve huzursuzluk",
        ],
    ),
    (
        "trygghet-bomiljo",
        [
            "Bezpieczeństwo i otoczenie mieszkania",
            "Безпека та житлове середовище",
            "Saugumas ir gyvenamoji aplinka",
            "الأمان والبيئة السكنية",
            "Badbaadada iyo deegaanka la deggan yahay",
            "An toàn và môi trường sống",
            "تحفظ اور رہائشی ماحول",
            "Güvenlik ve yaşam çevresi",
        ],
    ),
    (
        "bostedslos-akuttbolig",
        [
            "Bezdomność lub potrzeba mieszkania interwencyjnego",
            "Бездомність або потреба в екстреному житлі",
            "Benamystė ar skubaus būsto poreikis",
            "بلا مأوى أو بحاجة إلى سكن طارئ",
            "Hoy la'aan ama u baahan guri degdeg ah",
            "Vô gia cư hoặc cần nhà ở khẩn cấp",
            "بے گھر یا ہنگامی رہائش کی ضرورت",
            "Evsiz veya acil konuta ihtiyaç",
        ],
    ),
    (
        "bo-stotte-housing-first",
        [
            "Pomoc w samodzielnym mieszkaniu (Housing First)",
            "Допомога в самостійному проживанні (Housing First)",
            "Pagalba gyventi (Housing First)",
            "المساعدة على السكن (Housing First)",
            "Caawimaad ku noolaanshaha guriga (Housing First)",
            "Hỗ trợ để sống ổn định (Housing First)",
            "رہنے میں مدد (Housing First)",
            "Yaşamaya destek (Housing First)",
        ],
    ),
    (
        "bekymring-person",
        [
            "Niepokój o osobę (uzależnienia, zdrowie psychiczne)",
            "Занепокоєння щодо людини (залежності, психічне здоров'я)",
            "Nerimas dėl žmogaus (priklausomybės, psichikos sveikata)",
            "القلق على شخص (إدمان، صحة نفسية)",
            "Welwel qof ku saabsan (maandooriye, caafimaadka maskaxda)",
            "Lo lắng về một người (nghiện chất, sức khỏe tâm thần)",
            "کسی شخص کے بارے میں فکر (نشہ، ذہنی صحت)",
            "Bir kişi için endişe (bağımlılık, ruh sağlığı)",
        ],
    ),
    (
        "bosetting-flyktninger",
        [
            "Osiedlanie uchodźców",
            "Розселення біженців",
            "Pabėgėlių apgyvendinimas",
            "توطين اللاجئين",
            "Dejinta qaxootiga",
            "Tái định cư người tị nạn",
            "مہاجرین کی آبادکاری",
            "Mültecilerin yerleştirilmesi",
        ],
    ),
    (
        "barnefamilier",
        [
            "Rodziny z dziećmi",
            "Сім'ї з дітьми",
            "Šeimos su vaikais",
            "العائلات التي لديها أطفال",
            "Qoysaska carruurta leh",
            "Gia đình có trẻ em",
            "بچوں والے خاندان",
            "Çocuklu aileler",
        ],
    ),
    (
        "eldre-omsorgsbolig",
        [
            "Seniorzy, mieszkania wspomagane i domy opieki",
            "Літні люди, житло з доглядом і будинки догляду",
            "Senyvo amžiaus žmonės, globos būstai ir slaugos namai",
            "كبار السن ومساكن الرعاية ودور الرعاية",
            "Dadka waayeelka ah, guryaha daryeelka iyo xarumaha daryeelka",
            "Người cao tuổi, nhà ở chăm sóc và viện dưỡng lão",
            "بزرگ، نگہداشت والے گھر اور نرسنگ ہوم",
            "Yaşlılar, bakım konutları ve bakım evleri",
        ],
    ),
    (
        "ideer-nabolag",
        [
            "Pomysły dla okolicy",
            "Ідеї для району",
            "Idėjos kaimynystei",
            "أفكار للحي",
            "Fikrado loogu talagalay xaafadda",
            "Ý tưởng cho khu phố",
            "محلے کے لیے خیالات",
            "Mahalle için fikirler",
        ],
    ),
    (
        "frivillige-borettslag",
        [
            "Współpraca z wolontariuszami i spółdzielniami mieszkaniowymi",
            "Співпраця з волонтерами та житловими кооперативами",
            "Bendradarbiavimas su savanoriais ir būsto kooperatyvais",
            "التعاون مع المتطوعين والتعاونيات السكنية",
            "Iskaashiga mutadawiciinta iyo iskaashatooyinka guryaha",
            "Hợp tác với tình nguyện viên và hợp tác xã nhà ở",
            "رضاکاروں اور ہاؤسنگ کوآپریٹو کے ساتھ تعاون",
            "Gönüllüler ve konut kooperatifleriyle işbirliği",
        ],
    ),
    (
        "vet-ikke",
        [
            "Inne lub nie wiem",
            "Інше або не знаю",
            "Kita arba nežinau",
            "أخرى أو لا أعرف",
            "Wax kale ama ma garanayo",
            "Khác hoặc không biết",
            "دیگر یا معلوم نہیں",
            "Diğer veya bilmiyorum",
        ],
    ),
];

pub const AREAS: &[Translated] =
    &[("moss-sentrum", ["Centrum Moss", "Центр Мосса", "Moss centras", "وسط مدينة موس", "Bartamaha Moss", "Trung tâm Moss", "موس سٹی سینٹر", "Moss merkezi"])];

/// `names` in bokmål, nynorsk and English plus the row for `slug` in `table`.
pub fn all<'a>(table: &[Translated], slug: &str, nb: &'a str, nn: &'a str, en: &'a str) -> domain::Names {
    let mut others: Vec<(&str, &str)> = vec![("nn", nn), ("en", en)];
    if let Some((_, row)) = table.iter().find(|(s, _)| *s == slug) {
        others.extend(LANGUAGES.iter().copied().zip(row.iter().copied()));
    }
    domain::Names::new(nb, &others)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_team_and_theme_has_a_name_in_every_residents_language() {
        for (slug, ..) in super::super::TEAMS {
            assert!(TEAMS.iter().any(|(s, _)| s == slug), "team {slug}");
        }
        for (slug, ..) in super::super::THEMES {
            assert!(THEMES.iter().any(|(s, _)| s == slug), "theme {slug}");
        }
        for (slug, row) in TEAMS.iter().chain(THEMES).chain(AREAS) {
            assert!(row.iter().all(|name| !name.trim().is_empty() && name.chars().count() <= 120), "{slug}");
        }
        assert_eq!(all(THEMES, "vet-ikke", "Annet", "Anna", "Other").get("ar"), "أخرى أو لا أعرف");
        assert_eq!(all(AREAS, "jeloy", "Jeløy", "Jeløy", "Jeløy").shown("pl"), ("Jeløy", "nb"));
    }
}

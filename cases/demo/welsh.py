"""Welsh text of the Swansea compact's own words, for the demo. Machine-made and unchecked by
a Welsh speaker, like the interface catalogue's `# unchecked` entries."""

SUMMARY = (
    "Datganiad o bartneriaeth rhwng Cyngor Dinas a Sir Abertawe a'r sector gwirfoddol a "
    "chymunedol yn Abertawe yw Compact Abertawe, a Chyngor Gwasanaethau Gwirfoddol "
    "Abertawe yw'r llofnodwr arloesol arall. Mae'r drafft ymgynghori hwn o 2006 yn cael ei "
    "oruchwylio gan Bwyllgor Cyswllt ar y Cyd sydd â chynrychiolaeth gyfartal a "
    "chadeiryddiaeth a rennir; mae'n gwahodd pob grŵp gwirfoddol a chymunedol i ymuno ag "
    "ef, ac mae'n gosod cynllun gweithredu; nid oedd ei godau ymarfer da na'i weithdrefn "
    "ar gyfer datrys gwrthdaro wedi'u hysgrifennu eto."
)
JOINT_BODY_NAME = "Pwyllgor Cyswllt ar y Cyd"  # Welsh for "Joint Liaison Committee"
TERMS = (
    "Mae'r {name} yn cyfarfod bedair gwaith y flwyddyn, gyda nifer cyfartal o aelodau o'r "
    "sector statudol ac o'r sector gwirfoddol a chymunedol, a chadeirydd o'r naill sector a'r "
    "llall. Mae'n cadw'r Compact dan adolygiad, yn cytuno ar ei gynllun gweithredu ac yn ei "
    "ddilyn, yn gwrando ar anghydfodau nad ydynt wedi'u setlo drwy ddatrys anffurfiol na "
    "chyfryngu, ac yn adrodd i'r ddau sector bob blwyddyn. (Testun demo.)"
)  # Welsh of register.TERMS
FC1_CLARIFIED = (
    "Bydd y cyngor a'r sector yn comisiynu ar y cyd lle bo modd, yn cytuno ar ganlyniadau "
    "cyn i gylch ariannu agor, ac yn rhoi o leiaf chwe wythnos ar gyfer ceisiadau i unrhyw "
    "gylch o grantiau neu gontractau."
)
COMMITMENTS = {
    "PP1": (
        "Defnyddio a chynnal y Compact",
        "Mae pob partner yn defnyddio'r Compact yn ei sefydliad ei hun ac, drwy ymuno ag ef, "
        "yn addo ei gynnal yno a chyda rhanddeiliaid eraill y Compact.",
    ),
    "PP2": (
        "Y corff llywodraethu'n cytuno i fabwysiadu cyn llofnodi",
        "Mae sefydliad yn mynd â'r Compact a'i ffurflen ymuno at ei fwrdd, ei ymddiriedolwyr, "
        "ei bwyllgor rheoli neu ei gorff llywodraethu er mwyn cytuno i'w fabwysiadu cyn "
        "iddo lofnodi.",
    ),
    "PP3": (
        "Parchu annibyniaeth a'r hawl i ymgyrchu",
        "Mae'r partneriaid yn cydnabod annibyniaeth grwpiau gwirfoddol a chymunedol, gan "
        "gynnwys eu hawl, o fewn y gyfraith, i ymgyrchu, i herio polisïau ac i reoli eu "
        "materion eu hunain.",
    ),
    "PP4": (
        "Partneriaeth wedi'i seilio ar ymddiriedaeth a pharch",
        "Mae'r partneriaid yn cydweithio ar sail uniondeb, dealltwriaeth, tryloywder, "
        "ymddiriedaeth, cyd-barch a chydraddoldeb.",
    ),
    "PP5": (
        "Cefnogi rôl lawn y sector mewn partneriaethau",
        "Mae'r partneriaid yn cydnabod y gwerth ychwanegol a ddaw o gydweithio, a bod angen "
        "cymorth ar y sector gwirfoddol i chwarae rhan lawn mewn partneriaethau.",
    ),
    "PP6": (
        "Parchu'r cyfyngiadau gwahanol sydd ar bob corff",
        "Mae'r partneriaid yn cydnabod bod pob corff yn gweithio o dan reolau gwahanol, boed "
        "yn rhai deddfwriaethol, corfforaethol, ariannu neu reoli, sy'n cyfyngu ar ei ryddid "
        "i weithredu.",
    ),
    "PP7": (
        "Cydnabod atebolrwydd democrataidd y cyngor",
        "Mae'r sector gwirfoddol a chymunedol yn cydnabod bod y cyngor yn gorff sy'n atebol "
        "yn ddemocrataidd a chanddo rôl arweinyddiaeth gymunedol.",
    ),
    "CON1": (
        "Cefnogi cynnwys defnyddwyr ac ymgynghori â'r cyhoedd",
        "Mae'r partneriaid yn hyrwyddo ac yn cefnogi cynnwys defnyddwyr ac ymgynghori â'r "
        "cyhoedd ynghylch y gwasanaethau a ddarperir yn Abertawe.",
    ),
    "CON2": (
        "Cynnwys y sector yn y Cynllun Cymunedol",
        "Drwy'r Compact, mae'r sector gwirfoddol a chymunedol yn cael ei gynnwys yn llawn yn "
        "y gwaith o ddatblygu, gweithredu, monitro ac adolygu Cynllun Cymunedol Abertawe, "
        "Ambition is Critical.",
    ),
    "COM1": (
        "Rhannu adnoddau a gwybodaeth fel mater o drefn",
        "Mae'r partneriaid yn ystyried rhannu adnoddau a gwybodaeth yn rhan arferol o arfer "
        "da, ac yn gwella'r ffyrdd o gyfnewid gwybodaeth o fewn y sectorau a rhyngddynt.",
    ),
    "COM2": (
        "Cadw ymwybyddiaeth o'r Compact yn uchel",
        "Mae'r ddau sector yn sicrhau bod ymwybyddiaeth o'r Compact yn uchel o fewn y cyngor "
        "ac o fewn y sector gwirfoddol a chymunedol.",
    ),
    "FC1": (
        "Arfer da mewn comisiynu ar y cyd",
        "Mae'r partneriaid yn datblygu arfer da mewn prosesau a gweithdrefnau comisiynu ar y cyd.",
    ),
    "FC2": (
        "Gwasanaethau cost-effeithiol o ansawdd uchel",
        "Mae'r partneriaid, ar y cyd neu ar wahân, yn darparu gwasanaethau sy'n "
        "gost-effeithiol ac o ansawdd uchel.",
    ),
    "EQ1": (
        "Mynd ati i hyrwyddo cyfle cyfartal",
        "Mae'r partneriaid yn mynd ati i hyrwyddo cyfle cyfartal i bawb, beth bynnag fo'u "
        "hil, eu rhywedd, eu hoedran, eu hanabledd, eu cred grefyddol, eu cyfeiriadedd "
        "rhywiol neu eu statws economaidd.",
    ),
    "MON1": (
        "Y Pwyllgor Cyswllt ar y Cyd yn adolygu'r Compact bob blwyddyn",
        "Mae'r Pwyllgor Cyswllt ar y Cyd, sydd â chynrychiolaeth gyfartal a chadeiryddiaeth a "
        "rennir, yn adolygu'r Compact bob blwyddyn, yn adrodd ar y cynllun gweithredu ac yn "
        "cytuno ar ddiwygiadau a chamau gweithredu'r flwyddyn nesaf.",
    ),
    "MON2": (
        "Datrys gwrthdaro yn adeiladol drwy weithdrefn y cytunwyd arni",
        "Mae'r holl randdeiliaid yn datrys gwrthdaro yn adeiladol, gan ddefnyddio gweithdrefn "
        "sy'n dderbyniol i'r ddwy ochr ac sy'n annibynnol ar weithdrefnau cwyno'r naill "
        "sector a'r llall.",
    ),
    "AR1": (
        "Adrodd ar y Compact bob blwyddyn",
        "Mae'r corff ar y cyd yn cyhoeddi adroddiad bob blwyddyn ar sut y cadwyd at y "
        "Compact: anghydfodau a pha mor gyflym y cawsant eu datrys, ymgyngoriadau a'r "
        "rhybudd a roddwyd, achosion o wyro oddi wrth y Compact, a'r cynnydd o ran y cynllun "
        "gweithredu.",
    ),
    "IA1": (
        "Asesu effaith penderfyniadau ar y sector",
        "Mae pob corff cyhoeddus yn cofnodi asesiad effaith Compact o unrhyw adroddiad neu "
        "benderfyniad sy'n effeithio ar y sector gwirfoddol a chymunedol, ac mae'r Hyrwyddwr "
        "yn ei adolygu.",
    ),
}
TERMS_ADDED = (
    " Bob blwyddyn mae'n cynnal adolygiad blynyddol, sy'n agored i bob llofnodwr, ac yn "
    "cyhoeddi'r adroddiad blynyddol."
)

"""Seed data for the Compact Casework demo: five UK Local Compacts.

This is a pure data module (plain dicts, lists, strings, ints and None) that the
demo loader imports. Each compact comes from one source document in
/work/shared/seeds/, in file order:

    000_fc8afc7d1bf7555c.txt  The South Ayrshire Compact (Scotland, 2008)
    001_bed6973032e2270c.txt  Compact with the Voluntary Sector in Perth and Kinross
    002_0d17270eba89669e.txt  Swansea Compact, consultation draft (Wales, 2006)
    003_25d70af2d0b0cbab.txt  The Nottinghamshire Compact Plus (England, 2008)
    004_433e79b3ef95c697.txt  The High Peak Compact, first working draft (England, 2003)

The commitments are paraphrased from the seeds in plain English. They are not
quotations, and they are not legal text. Each one carries the seed heading it
comes from ("seed_section"), so a reader can check the wording against the
source. Where a seed leaves a section blank ("information pending") or only
plans to write a code of practice, this module adds no commitments for it.

Names defined here:
    CODES                     codes of practice as (key, label) tuples
    COMPACTS                  one dict per seed, in seed file order
    SIGNUP_PRO_FORMA_FIELDS   fields of the Swansea sign-up pro forma

Rule defaults used by the product (a compact's "rules" dict holds only the
values that a seed supports overriding): min_consultation_weeks=12,
min_notice_months=3, preferred_term_years=3, min_bid_window_days=30,
standstill_working_days=10, informal_stage_days=20, mediation_stage_days=20,
arbitration_stage_days=20.
"""

from __future__ import annotations

CODES = [
    ("partnership", "Shared principles and partnership working"),
    ("funding", "Funding and commissioning"),
    ("consultation", "Consultation and policy development"),
    ("communication", "Communication and information"),
    ("volunteering", "Volunteering"),
    ("equality", "Black and minority ethnic groups and equality"),
    ("community_groups", "Community groups"),
    ("monitoring", "Monitoring, review and disputes"),
]


COMPACTS = [
    # ------------------------------------------------------------------
    # 000: South Ayrshire (Scotland, signed November 2008)
    # ------------------------------------------------------------------
    {
        "slug": "south-ayrshire",
        "prefix": "SAY",
        "name": "The South Ayrshire Compact",
        "area": "South Ayrshire",
        "nation": "scotland",
        "country": "scotland",
        "joint_body_name": "Compact Strategy Management Group",
        # "a formal agreement signed in November 2008" (Background).
        "adopted_year": 2008,
        "summary": (
            "The South Ayrshire Compact is a formal agreement, signed in November "
            "2008, between the public agencies operating in South Ayrshire and the "
            "South Ayrshire third sector. It sets shared values, principles of "
            "working and partnership commitments for both sectors. The Community "
            "Planning Partnership is responsible for delivery, and a Compact "
            "Strategy Management Group with equal representation from both "
            "sectors oversees a five-year action plan."
        ),
        "source": "000_fc8afc7d1bf7555c.txt",
        # The seed gives no consultation, notice, term, bid or dispute figures.
        "rules": {},
        # "The Partners" names only public agencies ("... etc."). The third
        # sector party is "the South Ayrshire Third Sector" as a whole, and
        # "the CVO" and "Volunteer Centre" are mentioned without their names,
        # so no VCS organisation is listed here.
        "signatories": [
            {
                "name": "South Ayrshire Council",
                "sector": "statutory",
                "seed_section": "The Partners",
            },
            {
                "name": "NHS Ayrshire & Arran",
                "sector": "statutory",
                "seed_section": "The Partners",
            },
            {
                "name": "Strathclyde Police",
                "sector": "statutory",
                "seed_section": "The Partners",
            },
            {
                "name": "Scottish Enterprise",
                "sector": "statutory",
                "seed_section": "The Partners",
            },
            {
                "name": "Strathclyde Fire and Rescue Service",
                "sector": "statutory",
                "seed_section": "The Partners",
            },
        ],
        "commitments": [
            {
                "ref": "PP1",
                "code": "partnership",
                "title": "Work as equals, openly and honestly",
                "text": (
                    "All partners treat each other as equals, share information "
                    "freely in both directions and are open, honest and truthful "
                    "with each other."
                ),
                "undertaken_by": "both",
                "seed_section": "Principles of Working (Transparency, Mutual Respect)",
            },
            {
                "ref": "PP2",
                "code": "partnership",
                "title": "Build the Compact into all activity",
                "text": (
                    "Each partner is responsible for making sure the Compact's "
                    "principles and action plan are built into all aspects of its "
                    "activity."
                ),
                "undertaken_by": "both",
                "seed_section": "Principles of Working",
            },
            {
                "ref": "PP3",
                "code": "partnership",
                "title": "Hear third sector views in Community Planning",
                "text": (
                    "Public agencies acknowledge the views of third sector "
                    "representatives in the work of the Community Planning "
                    "Partnership and its partners."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Partnership Commitments (Public Sector)",
            },
            {
                "ref": "PP4",
                "code": "partnership",
                "title": "Resource third sector participation",
                "text": (
                    "Public agencies provide appropriate support, information and "
                    "resources so that the third sector can take part effectively "
                    "in Community Planning."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Partnership Commitments (Public Sector)",
            },
            {
                "ref": "PP5",
                "code": "partnership",
                "title": "Informed, supported sector representatives",
                "text": (
                    "The third sector takes part in joint meetings and makes sure "
                    "its representatives are informed and supported to convey the "
                    "views of the sector."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Partnership Commitments (Third Sector)",
            },
            {
                "ref": "PP6",
                "code": "partnership",
                "title": "Single point of contact for third sector",
                "text": (
                    "The third sector provides a single point of contact and makes "
                    "sure its representation on the Compact Strategy Management "
                    "Group is effective."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Implementation",
            },
            {
                "ref": "CON1",
                "code": "consultation",
                "title": "Weigh third sector impact of policy changes",
                "text": (
                    "Public agencies make sure that policy changes affecting the "
                    "third sector are taken into account while decisions are being "
                    "made."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Partnership Commitments (Public Sector)",
            },
            {
                "ref": "COM1",
                "code": "communication",
                "title": "Regular communication and meaningful engagement",
                "text": (
                    "All partners communicate regularly and engage genuinely, using "
                    "the National Standards for Community Engagement as guidance."
                ),
                "undertaken_by": "both",
                "seed_section": "Principles of Working (Communication and Engagement)",
            },
            {
                "ref": "FC1",
                "code": "funding",
                "title": "Consistent procurement, SLAs and grants",
                "text": (
                    "Public agencies take a consistent approach, within operational "
                    "requirements, to procurement opportunities, service level "
                    "agreements and grants, and appreciate the need for full "
                    "overhead recovery."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Partnership Commitments (Public Sector)",
            },
            {
                "ref": "FC2",
                "code": "funding",
                "title": "Target resources at identified local needs",
                "text": (
                    "Public agencies target resources, including non-financial "
                    "resources, effectively and in a way that takes account of "
                    "identified local needs."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Partnership Commitments (Public Sector)",
            },
            {
                "ref": "FC3",
                "code": "funding",
                "title": "Accept funding rests on value and need",
                "text": (
                    "The third sector recognises that public resources are limited "
                    "and that funding is given for value for money, identified need "
                    "and contribution to policy priorities."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Partnership Commitments (Third Sector)",
            },
            {
                "ref": "FC4",
                "code": "funding",
                "title": "Good financial management and practice",
                "text": (
                    "Both sectors promote the importance of good financial management and practice."
                ),
                "undertaken_by": "both",
                "seed_section": "Shared Commitments",
            },
            {
                "ref": "VOL1",
                "code": "volunteering",
                "title": "Promote the sector and volunteering",
                "text": (
                    "Public agencies promote the third sector and the idea of "
                    "volunteering, and the third sector works to raise its profile "
                    "and the uptake of volunteering."
                ),
                "undertaken_by": "both",
                "seed_section": "Partnership Commitments",
            },
            {
                "ref": "EQ1",
                "code": "equality",
                "title": "Free from prejudice and discrimination",
                "text": (
                    "Both sectors work to enable everyone to live, work and take "
                    "part in society to their full potential, free from prejudice "
                    "and discrimination."
                ),
                "undertaken_by": "both",
                "seed_section": "Shared Commitments",
            },
            {
                "ref": "MON1",
                "code": "monitoring",
                "title": "Maintain agreed monitoring and evaluation",
                "text": (
                    "The third sector keeps to agreed monitoring, performance and "
                    "evaluation arrangements so that public resources are used for "
                    "best value."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Partnership Commitments (Third Sector)",
            },
            {
                "ref": "MON2",
                "code": "monitoring",
                "title": "Monitor services respecting differing capability",
                "text": (
                    "Both sectors work together to monitor and evaluate services "
                    "while respecting each other's differing needs, demands and "
                    "capability."
                ),
                "undertaken_by": "both",
                "seed_section": "Shared Commitments",
            },
            {
                "ref": "MON3",
                "code": "monitoring",
                "title": "Monitor the Compact and update annually",
                "text": (
                    "All partners set up systems and baseline information to "
                    "monitor the Compact's implementation and impact, reported "
                    "through the Single Outcome Agreement, and update the actions "
                    "every year."
                ),
                "undertaken_by": "both",
                "seed_section": "Monitoring & Evaluation; Foreword",
            },
        ],
        # The seed's action plan tables leave "Timescale" and "Lead
        # Responsibility" blank; it says only that the actions "will be
        # progressed over five years from October 2008". Leads are left empty.
        "action_plan": [
            {
                "action": "Establish a joint procurement forum.",
                "timescale": "Within the five years from October 2008 (no date set)",
                "lead": "",
                "seed_section": (
                    "Compact Action Plan: Improve the joint planning and provision of services"
                ),
            },
            {
                "action": (
                    "Identify and appoint public sector agency champions and lead officers."
                ),
                "timescale": "Within the five years from October 2008 (no date set)",
                "lead": "",
                "seed_section": (
                    "Compact Action Plan: Increase awareness and understanding of the third sector"
                ),
            },
            {
                "action": (
                    "Develop a funding strategy with clear funding guidelines, a "
                    "framework for choosing a grant, SLA or contract, protocols for "
                    "negotiating and monitoring them, and common application and "
                    "monitoring frameworks."
                ),
                "timescale": "Within the five years from October 2008 (no date set)",
                "lead": "",
                "seed_section": (
                    "Compact Action Plan: Sustain and develop the "
                    "resources and capacity building support"
                ),
            },
            {
                "action": (
                    "Put in place arrangements for full costing of services (full "
                    "cost recovery) and agree principles for setting contract prices."
                ),
                "timescale": "Within the five years from October 2008 (no date set)",
                "lead": "",
                "seed_section": (
                    "Compact Action Plan: Sustain and develop the "
                    "resources and capacity building support"
                ),
            },
            {
                "action": (
                    "Develop protocols for involving the third sector in strategy "
                    "and policy development and consultation."
                ),
                "timescale": "Within the five years from October 2008 (no date set)",
                "lead": "",
                "seed_section": (
                    "Compact Action Plan: Increase the role of the third "
                    "sector in policymaking and service delivery"
                ),
            },
        ],
    },
    # ------------------------------------------------------------------
    # 001: Perth & Kinross (Scotland, undated)
    # ------------------------------------------------------------------
    {
        "slug": "perth-kinross",
        "prefix": "PKC",
        "name": "Compact with the Voluntary Sector in Perth and Kinross",
        "area": "Perth and Kinross",
        "nation": "scotland",
        "country": "scotland",
        # The seed names no separate compact body: "Within the document the
        # signatories will be referred to as Community Planning Partnership".
        "joint_body_name": "Perth & Kinross Community Planning Partnership",
        # The seed carries no date.
        "adopted_year": None,
        "summary": (
            "The Perth and Kinross Compact is an agreement between the members of "
            "the Perth & Kinross Community Planning Partnership (the council, the "
            "NHS Tayside Community Health Partnership, Tayside Police, Tayside Fire "
            "and Rescue and Perth College) and the voluntary sector, represented by "
            "the Perth & Kinross Association of Voluntary Services. It sets shared "
            "principles and six codes of practice: information and communication, "
            "community engagement, working in partnership, volunteering, funding "
            "and commissioning, and monitoring and evaluation."
        ),
        "source": "001_bed6973032e2270c.txt",
        "rules": {
            # "Give as much warning as possible, usually six months or more,
            # about any changes to the level of funding in grants/contractual
            # arrangements." (Code of Practice on Funding and Commissioning)
            "min_notice_months": 6,
            # "Commit to longer term (3 years or more) funding wherever possible"
            # matches the default preferred_term_years=3, so no override.
        },
        "signatories": [
            {
                "name": "Perth & Kinross Council",
                "sector": "statutory",
                "seed_section": "The Signatories to the Compact",
            },
            {
                "name": "NHS Tayside - Perth & Kinross Community Health Partnership",
                "sector": "statutory",
                "seed_section": "The Signatories to the Compact",
            },
            {
                "name": "Perth & Kinross Association of Voluntary Services",
                "sector": "vcs",
                "seed_section": "The Signatories to the Compact",
            },
            {
                "name": "Tayside Fire and Rescue",
                "sector": "statutory",
                "seed_section": "The Signatories to the Compact",
            },
            {
                "name": "Perth College",
                "sector": "statutory",
                "seed_section": "The Signatories to the Compact",
            },
            {
                "name": "Tayside Police",
                "sector": "statutory",
                "seed_section": "The Signatories to the Compact",
            },
        ],
        "commitments": [
            {
                "ref": "PP1",
                "code": "partnership",
                "title": "Respect the voluntary sector's independence",
                "text": (
                    "Statutory bodies acknowledge and support the voluntary sector's "
                    "independence to set its own direction and policies, and its "
                    "right to advocate for service users whatever the funding "
                    "relationship."
                ),
                "undertaken_by": "statutory",
                "seed_section": (
                    "The statutory sector agree to; Code of Practice on Funding and Commissioning"
                ),
            },
            {
                "ref": "PP2",
                "code": "partnership",
                "title": "Work to agreed governance and quality standards",
                "text": (
                    "The voluntary sector works to agreed quality standards within "
                    "agreed governance and accountability arrangements."
                ),
                "undertaken_by": "vcs",
                "seed_section": "The voluntary sector agree to",
            },
            {
                "ref": "PP3",
                "code": "partnership",
                "title": "Accountable, representative sector voices",
                "text": (
                    "The voluntary sector improves its own mechanisms for "
                    "participation, representation and accountability, and its "
                    "representatives make clear how the views they put were "
                    "gathered."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Code of Practice on Working in Partnership",
            },
            {
                "ref": "PP4",
                "code": "partnership",
                "title": "VCS represented on strategic partnerships",
                "text": (
                    "Statutory bodies recognise that the voluntary sector needs to "
                    "be properly represented on strategic partnerships and "
                    "acknowledge its part in decisions on policy and services."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Code of Practice on Working in Partnership",
            },
            {
                "ref": "COM1",
                "code": "communication",
                "title": "Open structures, plans and named contacts",
                "text": (
                    "Statutory bodies publish their structure, priorities and "
                    "strategic plans, explain how they make decisions, and give "
                    "contact details for staff who liaise with the voluntary sector."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Code of Practice on Information and Communication",
            },
            {
                "ref": "CON1",
                "code": "consultation",
                "title": "Allow sufficient time for engagement",
                "text": (
                    "All partners allow enough time for inclusive engagement and "
                    "for its results to shape policies and services, and say so "
                    "clearly when someone else, such as national government, sets "
                    "the timing."
                ),
                "undertaken_by": "both",
                "seed_section": "Code of Practice on Community Engagement (Timing)",
            },
            {
                "ref": "CON2",
                "code": "consultation",
                "title": "Feed back how input was used",
                "text": (
                    "All partners tell the community how its input contributed to "
                    "the decision, and explain how and when that feedback will come "
                    "at the start of the engagement."
                ),
                "undertaken_by": "both",
                "seed_section": "Code of Practice on Community Engagement (Feedback)",
            },
            {
                "ref": "CON3",
                "code": "consultation",
                "title": "Explain how to seek redress",
                "text": (
                    "All partners tell participants clearly how to seek redress if "
                    "they are unhappy with an engagement process."
                ),
                "undertaken_by": "both",
                "seed_section": "Code of Practice on Community Engagement (Communication)",
            },
            {
                "ref": "VOL1",
                "code": "volunteering",
                "title": "Resource, recruit and protect volunteers fairly",
                "text": (
                    "All partners commit appropriate resources to working with "
                    "volunteers, use fair and consistent recruitment, and protect "
                    "volunteers from harm as far as possible."
                ),
                "undertaken_by": "both",
                "seed_section": "Code of Practice on Volunteering",
            },
            {
                "ref": "FC1",
                "code": "funding",
                "title": "Publicise funding and commissioning opportunities",
                "text": (
                    "Statutory bodies publicise funding and commissioning "
                    "opportunities through agreed routes, explain them in plain "
                    "English, and give a timetable and a contact for advice."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Code of Practice on Funding and Commissioning",
            },
            {
                "ref": "FC2",
                "code": "funding",
                "title": "Sufficient time to bid",
                "text": (
                    "Statutory bodies involve the sector at all stages of "
                    "commissioning, allow sufficient time to bid, and follow the "
                    "eight principles of good commissioning."
                ),
                "undertaken_by": "statutory",
                "seed_section": ("Code of Practice on Funding and Commissioning; Appendix 1"),
            },
            {
                "ref": "FC3",
                "code": "funding",
                "title": "Longer-term funding of three years or more",
                "text": (
                    "Statutory bodies commit to funding for three years or more "
                    "wherever possible and practicable."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Code of Practice on Funding and Commissioning",
            },
            {
                "ref": "FC4",
                "code": "funding",
                "title": "Usually six months' warning of funding changes",
                "text": (
                    "Statutory bodies give as much warning as possible, usually six "
                    "months or more, of any change to grant or contract funding, and "
                    "all partners talk openly when budget cuts are unavoidable."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Code of Practice on Funding and Commissioning",
            },
            {
                "ref": "FC5",
                "code": "funding",
                "title": "Meet agreed reporting and monitoring obligations",
                "text": (
                    "The voluntary sector meets the reporting and monitoring terms "
                    "of each contract and recognises the priorities and constraints "
                    "on statutory funding."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Code of Practice on Funding and Commissioning",
            },
            {
                "ref": "MON1",
                "code": "monitoring",
                "title": "Raise issues first through own channels",
                "text": (
                    "Anyone with an issue about the Compact raises it first through "
                    "the internal channels of the organisation it concerns."
                ),
                "undertaken_by": "both",
                "seed_section": "For further information regarding the Compact",
            },
            {
                "ref": "MON2",
                "code": "monitoring",
                "title": "Agreed process for resolving conflict",
                "text": (
                    "All partners work in a way that encourages resolving conflict, "
                    "with an agreed process for when negotiations break down."
                ),
                "undertaken_by": "both",
                "seed_section": "All Partners agree to",
            },
            {
                "ref": "MON3",
                "code": "monitoring",
                "title": "Proportionate, co-ordinated monitoring",
                "text": (
                    "Statutory bodies keep monitoring in proportion to the size of "
                    "the organisation and service funded, co-ordinate it across "
                    "funders to avoid duplicate returns, and explain its costs."
                ),
                "undertaken_by": "statutory",
                "seed_section": (
                    "Code of Practice on Monitoring and Evaluation of Service Delivery"
                ),
            },
            {
                "ref": "EQ1",
                "code": "equality",
                "title": "Promote equality of opportunity",
                "text": (
                    "All partners promote equal access to services and community "
                    "life regardless of income, circumstances, age, disability, "
                    "gender, race, religion or belief, and sexual orientation."
                ),
                "undertaken_by": "both",
                "seed_section": "Our Equalities Statement",
            },
        ],
        "action_plan": [],
    },
    # ------------------------------------------------------------------
    # 002: Swansea (Wales, 2006 consultation draft)
    # Wales uses the England and Wales bank holidays.
    # ------------------------------------------------------------------
    {
        "slug": "swansea",
        "prefix": "SWA",
        "name": (
            "Compact between the City & County of Swansea Council and the "
            "Voluntary/Community Sector in Swansea"
        ),
        "area": "City and County of Swansea",
        "nation": "england_wales",
        "country": "wales",
        "languages": "cy-en",
        "joint_body_name": "Joint Liaison Committee",
        # "(c) 2006 ...", consultation of "early 2006" (consultation draft).
        "adopted_year": 2006,
        "summary": (
            "The Swansea Compact is a statement of partnership between the City and "
            "County of Swansea Council and the voluntary and community sector in "
            "Swansea, with Swansea Council for Voluntary Services as the other "
            "pioneer subscriber. This 2006 consultation draft is overseen by a Joint "
            "Liaison Committee with equal representation and a shared chair, invites "
            "every voluntary and community group to sign up, and sets an action "
            "plan; its codes of good practice and conflict resolution procedure "
            "were still to be written."
        ),
        "source": "002_0d17270eba89669e.txt",
        # The seed gives no consultation, notice, term, bid or dispute figures.
        "rules": {},
        # "The City and County of Swansea Council and Swansea Council for
        # Voluntary Services are the pioneer subscribers to the Compact".
        # The Local Health Board is only a hoped-for third party (tripartite
        # Compact) and University of Wales Swansea only an action-plan lead.
        "signatories": [
            {
                "name": "City and County of Swansea Council",
                "sector": "statutory",
                "seed_section": "Our Aspirations for the Compact",
            },
            {
                "name": "Swansea Council for Voluntary Services",
                "sector": "vcs",
                "seed_section": "Our Aspirations for the Compact",
            },
        ],
        # The seed lists codes for Partnership Working, Funding and Resourcing,
        # Consultation, Black and Ethnic Minority Groups, Volunteering and
        # Community Groups, but only as supplementary documents still to be
        # written. No volunteering or community group commitments are given.
        "commitments": [
            {
                "ref": "PP1",
                "code": "partnership",
                "title": "Use and uphold the Compact",
                "text": (
                    "Every partner uses the Compact within its own organisation and, "
                    "by signing up, pledges to uphold it there and with other "
                    "Compact stakeholders."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles; Signing Up",
            },
            {
                "ref": "PP2",
                "code": "partnership",
                "title": "Governing body agrees adoption before signing",
                "text": (
                    "An organisation takes the Compact and its sign-up pro forma to "
                    "its board, trustees, management committee or governing body to "
                    "agree adoption before it signs."
                ),
                "undertaken_by": "both",
                "seed_section": "Signing Up",
            },
            {
                "ref": "PP3",
                "code": "partnership",
                "title": "Respect independence and the right to campaign",
                "text": (
                    "Partners recognise the independence of voluntary and community "
                    "groups, including their right within the law to campaign, "
                    "challenge policies and manage their own affairs."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "PP4",
                "code": "partnership",
                "title": "Partnership built on trust and respect",
                "text": (
                    "Partners work together on the basis of integrity, "
                    "understanding, transparency, trust, mutual respect and "
                    "equality."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "PP5",
                "code": "partnership",
                "title": "Support the sector's full role in partnerships",
                "text": (
                    "Partners recognise the added value of working together and "
                    "that the voluntary sector needs support to play a full role in "
                    "partnerships."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "PP6",
                "code": "partnership",
                "title": "Respect each body's different constraints",
                "text": (
                    "Partners recognise that each body works under different "
                    "legislative, corporate, funding or management rules that limit "
                    "its freedom to act."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "PP7",
                "code": "partnership",
                "title": "Recognise the council's democratic accountability",
                "text": (
                    "The voluntary and community sector recognises the council as a "
                    "democratically accountable body with a community leadership "
                    "role."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Our Aspirations for the Compact",
            },
            {
                "ref": "CON1",
                "code": "consultation",
                "title": "Support user involvement and public consultation",
                "text": (
                    "Partners promote and support user involvement and public "
                    "consultation on the services provided in Swansea."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "CON2",
                "code": "consultation",
                "title": "Involve the sector in the Community Plan",
                "text": (
                    "Through the Compact, the voluntary and community sector is "
                    "fully involved in developing, implementing, monitoring and "
                    "reviewing the Swansea Community Plan, Ambition is Critical."
                ),
                "undertaken_by": "both",
                "seed_section": "Compact & Ambition is Critical",
            },
            {
                "ref": "COM1",
                "code": "communication",
                "title": "Share resources and information routinely",
                "text": (
                    "Partners treat sharing resources and information as routine "
                    "good practice and improve ways of exchanging information within "
                    "and between the sectors."
                ),
                "undertaken_by": "both",
                "seed_section": "Aims and Objectives",
            },
            {
                "ref": "COM2",
                "code": "communication",
                "title": "Keep awareness of the Compact high",
                "text": (
                    "Both sectors make sure awareness of the Compact is high within "
                    "the council and the voluntary and community sector."
                ),
                "undertaken_by": "both",
                "seed_section": "Aims and Objectives",
            },
            {
                "ref": "FC1",
                "code": "funding",
                "title": "Good practice in joint commissioning",
                "text": (
                    "Partners develop good practice in joint commissioning processes "
                    "and procedures."
                ),
                "undertaken_by": "both",
                "seed_section": "Aims and Objectives",
            },
            {
                "ref": "FC2",
                "code": "funding",
                "title": "Cost-effective, high quality services",
                "text": (
                    "Partners, jointly or separately, provide services to a "
                    "cost-effective and high quality standard."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "EQ1",
                "code": "equality",
                "title": "Actively promote equality of opportunity",
                "text": (
                    "Partners actively promote equality of opportunity for everyone "
                    "regardless of race, gender, age, disability, religious belief, "
                    "sexual orientation or economic status."
                ),
                "undertaken_by": "both",
                "seed_section": "Underpinning shared values and principles",
            },
            {
                "ref": "MON1",
                "code": "monitoring",
                "title": "Joint Liaison Committee reviews Compact annually",
                "text": (
                    "The Joint Liaison Committee, with equal representation and a "
                    "shared chair, reviews the Compact every year, reports on the "
                    "action plan and agrees amendments and next year's actions."
                ),
                "undertaken_by": "both",
                "seed_section": "Structure; Monitoring and Evaluation",
            },
            {
                "ref": "MON2",
                "code": "monitoring",
                "title": "Resolve conflicts constructively by agreed procedure",
                "text": (
                    "All stakeholders resolve conflicts constructively, using a "
                    "mutually acceptable procedure that is independent of either "
                    "sector's complaints procedures."
                ),
                "undertaken_by": "both",
                "seed_section": "Resolution of Conflict; Aims and Objectives",
            },
        ],
        # Short term = within 3 to 6 months; medium = within a year to 18
        # months; long = ongoing or over 18 months ("Short, medium and
        # long-term measures").
        "action_plan": [
            {
                "action": "Re-establish the Joint Liaison Committee.",
                "timescale": "Short term: completion by end June 2006",
                "lead": (
                    "City and County of Swansea Council (CCS) and Swansea Council "
                    "for Voluntary Services (SCVS)"
                ),
                "seed_section": "Action Plan",
            },
            {
                "action": (
                    "Determine the conflict resolution procedure, with all necessary "
                    "agreements from stakeholders."
                ),
                "timescale": "Short term: completion by end June 2006",
                "lead": (
                    "City and County of Swansea Council (CCS) and Swansea Council "
                    "for Voluntary Services (SCVS)"
                ),
                "seed_section": "Action Plan",
            },
            {
                "action": (
                    "Develop the codes of good practice, with all necessary "
                    "agreements from stakeholders."
                ),
                "timescale": "Medium term: by the first annual review in April 2007",
                "lead": "Joint working groups",
                "seed_section": "Action Plan",
            },
            {
                "action": (
                    "Carry out the monitoring and evaluation exercise, at first "
                    "covering the Joint Liaison Committee, working groups and action "
                    "plan delivery."
                ),
                "timescale": "Medium to long term: April 2007 and annually thereafter",
                "lead": "Joint Liaison Committee (JLC)",
                "seed_section": "Action Plan",
            },
            {
                "action": (
                    "Generate sign-up from a large membership through the "
                    "conference to show the sector's commitment."
                ),
                "timescale": "Medium term: April 2007, renewed on an ongoing basis",
                "lead": (
                    "Voluntary Sector Partnership (VSP) and Swansea Council for "
                    "Voluntary Services (SCVS)"
                ),
                "seed_section": "Action Plan",
            },
        ],
    },
    # ------------------------------------------------------------------
    # 003: Nottinghamshire (England, November 2008)
    # ------------------------------------------------------------------
    {
        "slug": "nottinghamshire",
        "prefix": "NOT",
        "name": "The Nottinghamshire Compact Plus",
        "area": "Nottinghamshire",
        "nation": "england_wales",
        "country": "england",
        "joint_body_name": "Compact Plus Implementation Group",
        # Cover: "November 2008".
        "adopted_year": 2008,
        "summary": (
            "The Nottinghamshire Compact Plus is an agreement drawn up jointly by "
            "local public bodies and voluntary and community sector groups in the "
            "Nottinghamshire Partnership, which runs the county's Local Area "
            "Agreement. It sets shared values and four priorities: communication "
            "and engagement, funding arrangements for the sector, Compact "
            "monitoring and dispute resolution, and the capacity of the sector."
        ),
        "source": "003_25d70af2d0b0cbab.txt",
        # The seed gives no consultation, notice, term, bid or dispute figures.
        "rules": {},
        # The seed names no signatory list; these are the members of the
        # Thriving Third Sector Working Group (formerly the Compact Plus Working
        # Group) that drew the Compact up, as listed in "Who's who". Names are
        # as the seed spells them (HLG and RCAN are not expanded there).
        "signatories": [
            {
                "name": "NAVO",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "Gedling CVS",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "Rushcliffe CVS",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "Mansfield CVS",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "HLG",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "RCAN",
                "sector": "vcs",
                "seed_section": "Appendix 2: Who's who (VCS)",
            },
            {
                "name": "Nottinghamshire County Council",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
            {
                "name": "Nottinghamshire PCT",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
            {
                "name": "East Midlands Ambulance Service",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
            {
                "name": "Mansfield District Council",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
            {
                "name": "Notts County DAAT",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
            {
                "name": "Notts Police",
                "sector": "statutory",
                "seed_section": "Appendix 2: Who's who (Public Bodies)",
            },
        ],
        "commitments": [
            {
                "ref": "PP1",
                "code": "partnership",
                "title": "Support independence and the right to advocate",
                "text": (
                    "Public bodies recognise and support the sector's independence "
                    "and its right, whatever its funding, to advocate for "
                    "communities and challenge public policy."
                ),
                "undertaken_by": "statutory",
                "seed_section": (
                    "Our Shared Commitment to Action (Public bodies); "
                    "Our Shared Values & Principles"
                ),
            },
            {
                "ref": "PP2",
                "code": "partnership",
                "title": "High standards of governance and delivery",
                "text": (
                    "Voluntary and community organisations maintain high standards "
                    "of governance and service delivery to meet their obligations "
                    "to funders and users within the law."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Our Shared Commitment to Action (VCS)",
            },
            {
                "ref": "PP3",
                "code": "partnership",
                "title": "Representatives consult, declare and report back",
                "text": (
                    "The sector keeps users and members informed and consulted, and "
                    "its representatives say whom they speak for and report back to "
                    "their organisation or network."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Our Shared Commitment to Action (VCS)",
            },
            {
                "ref": "CON1",
                "code": "consultation",
                "title": "Resource consultation under agreed protocols",
                "text": (
                    "Public bodies recognise that liaison and consultation take time "
                    "and money, and agree clear consultation protocols with resources "
                    "to support them."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Our Shared Commitment to Action (Public bodies)",
            },
            {
                "ref": "CON2",
                "code": "consultation",
                "title": "Involve the sector early in planning",
                "text": (
                    "Public bodies involve the sector in the early planning stages "
                    "of service strategies so it can help identify community "
                    "priorities and needs."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Key Priority 2: Improve Funding Arrangements for the VCS",
            },
            {
                "ref": "COM1",
                "code": "communication",
                "title": "Simpler shared communication with feedback",
                "text": (
                    "Partners develop a consistent, simplified cross-agency system "
                    "for communication and engagement, improve information sharing, "
                    "and tell organisations how their contribution was used."
                ),
                "undertaken_by": "both",
                "seed_section": "Key Priority 1: Improve Communication and Engagement",
            },
            {
                "ref": "FC1",
                "code": "funding",
                "title": "Fair commissioning, including decommissioning",
                "text": (
                    "Public bodies run commissioning and funding processes, including "
                    "decommissioning and grant withdrawal, that recognise the "
                    "sector's need to operate efficiently and effectively."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Our Shared Commitment to Action (Public bodies)",
            },
            {
                "ref": "FC2",
                "code": "funding",
                "title": "Openness and consultation when decommissioning",
                "text": (
                    "Public bodies are open and transparent about commissioning and "
                    "decommissioning, and agree a partnership approach with clear "
                    "consultation channels before decommissioning any VCS service."
                ),
                "undertaken_by": "statutory",
                "seed_section": "Key Priority 2: Improve Funding Arrangements for the VCS",
            },
            {
                "ref": "FC3",
                "code": "funding",
                "title": "Open allocation against clear criteria",
                "text": (
                    "Public bodies allocate resources against clear and consistent "
                    "criteria in an open and fair process, and keep funding and "
                    "procurement processes transparent and streamlined."
                ),
                "undertaken_by": "statutory",
                "seed_section": ("Our Shared Commitment to Action (Public bodies); Key Priority 2"),
            },
            {
                "ref": "FC4",
                "code": "funding",
                "title": "Full cost recovery as the norm",
                "text": (
                    "Partners make full cost recovery widely known and understood "
                    "among funders and the sector, and commit to achieving it so it "
                    "becomes the norm for contracted services."
                ),
                "undertaken_by": "both",
                "seed_section": "Key Priority 2: Improve Funding Arrangements for the VCS",
            },
            {
                "ref": "FC5",
                "code": "funding",
                "title": "Monitoring proportionate to funding",
                "text": (
                    "Public bodies keep monitoring and reporting in proportion to "
                    "the funding provided and use the agreed VCS quality standards "
                    "monitoring processes."
                ),
                "undertaken_by": "statutory",
                "seed_section": ("Key Priority 2; Our Shared Commitment to Action (Public bodies)"),
            },
            {
                "ref": "FC6",
                "code": "funding",
                "title": "Record core details once to cut paperwork",
                "text": (
                    "Partners develop a database of VCS groups' core details, such "
                    "as aims and constitutions, so funding applications are "
                    "streamlined and bureaucracy reduced."
                ),
                "undertaken_by": "both",
                "seed_section": "Key Priority 2: Improve Funding Arrangements for the VCS",
            },
            {
                "ref": "CG1",
                "code": "community_groups",
                "title": "Give small, local groups a voice",
                "text": (
                    "Public bodies support the sector, especially its infrastructure "
                    "bodies, to channel the voice of small, local groups, and the "
                    "sector helps small and excluded organisations work together."
                ),
                "undertaken_by": "both",
                "seed_section": "Our Shared Commitment to Action",
            },
            {
                "ref": "EQ1",
                "code": "equality",
                "title": "Include minority ethnic and disadvantaged groups",
                "text": (
                    "All partners work harder to include minority ethnic and other "
                    "disadvantaged groups in consultation and policy development, so "
                    "their views are heard and acted on."
                ),
                "undertaken_by": "both",
                "seed_section": "Our Shared Values & Principles",
            },
            {
                "ref": "EQ2",
                "code": "equality",
                "title": "Promote equality of opportunity within the sector",
                "text": (
                    "Voluntary and community organisations put in place leadership "
                    "and policies promoting equality of opportunity in activities, "
                    "employment, volunteering and service provision."
                ),
                "undertaken_by": "vcs",
                "seed_section": "Our Shared Commitment to Action (VCS)",
            },
            {
                "ref": "MON1",
                "code": "monitoring",
                "title": "Resolve disputes amicably, then by scheme",
                "text": (
                    "Partners first try to resolve disputes amicably within the "
                    "partnership; where they cannot, a cross-partnership Disputes "
                    "Resolution Scheme mediates and provides arbitration."
                ),
                "undertaken_by": "both",
                "seed_section": (
                    "Key Priority 3: Establish Compact Monitoring and Dispute "
                    "Resolution Arrangements; Our Shared Values & Principles"
                ),
            },
            {
                "ref": "MON2",
                "code": "monitoring",
                "title": "Compact Champion chairs cross-sector Implementation Group",
                "text": (
                    "Partners set up a cross-sector Implementation Group reporting to "
                    "the LAA Scrutiny Committee, chaired by a Compact Champion who "
                    "helps partners unblock processes when difficulties arise."
                ),
                "undertaken_by": "both",
                "seed_section": (
                    "Key Priority 3: Establish Compact Monitoring and Dispute "
                    "Resolution Arrangements"
                ),
            },
            {
                "ref": "MON3",
                "code": "monitoring",
                "title": "Compact impact assessment on partner reports",
                "text": (
                    "Public bodies add a Compact Plus impact assessment to relevant "
                    "reports, such as council Cabinet and delegated decision reports "
                    "and PCT Board reports."
                ),
                "undertaken_by": "statutory",
                "seed_section": (
                    "Key Priority 3: Establish Compact Monitoring and Dispute "
                    "Resolution Arrangements"
                ),
            },
        ],
        # The seed mentions "an Action Plan (see page 13)" but the table itself
        # is not in the text; its "What do we need to do?" lists are covered as
        # commitments above.
        "action_plan": [],
    },
    # ------------------------------------------------------------------
    # 004: High Peak (England, first working draft, 2003)
    # ------------------------------------------------------------------
    {
        "slug": "high-peak",
        "prefix": "HPK",
        "name": "The High Peak Compact",
        "area": "High Peak, Derbyshire",
        "nation": "england_wales",
        "country": "england",
        "joint_body_name": "Compact Steering Group",
        # First working draft from the Steering Group set up on 23 July 2003;
        # publication was aimed for March 2004.
        "adopted_year": 2003,
        "summary": (
            "The High Peak Compact is a first working draft (2003) by the Compact "
            "Steering Group, set up by voluntary and community organisations and "
            "local authority representatives in the High Peak, Derbyshire. It sets "
            "out shared values, success measures and undertakings by statutory and "
            "voluntary organisations on funding, communication and consultation, and "
            "volunteering; its dispute, implementation and action plan sections are "
            "still marked 'information pending'."
        ),
        "source": "004_433e79b3ef95c697.txt",
        # The seed gives no consultation, notice, term, bid or dispute figures.
        "rules": {},
        # A draft with no signatories yet; these are the organisations the seed
        # names as the statutory parties (glossary of "SOs") and the VCS
        # umbrella body that coordinates it with the council (Appendix 4).
        "signatories": [
            {
                "name": "High Peak Borough Council",
                "sector": "statutory",
                "seed_section": "Appendix 1: Definition of terms (SOs); Appendix 4",
            },
            {
                "name": "Derbyshire County Council",
                "sector": "statutory",
                "seed_section": "Appendix 1: Definition of terms (SOs)",
            },
            {
                "name": "High Peak Council for Voluntary Service",
                "sector": "vcs",
                "seed_section": "Appendix 4: Further information and key contacts",
            },
        ],
        "commitments": [
            {
                "ref": "PP1",
                "code": "partnership",
                "title": "Support the Compact and build it in",
                "text": (
                    "Both sectors support the Compact's principles, adopt the Compact "
                    "logo where possible, and jointly build the Compact into wider "
                    "strategies."
                ),
                "undertaken_by": "both",
                "seed_section": "7. Undertakings: Communication and Consultation",
            },
            {
                "ref": "PP2",
                "code": "partnership",
                "title": "Respect VCOs' freedom to campaign",
                "text": (
                    "All sectors accept that voluntary and community organisations "
                    "are free to campaign within the law."
                ),
                "undertaken_by": "both",
                "seed_section": "3. Shared Values and Principles",
            },
            {
                "ref": "FC1",
                "code": "funding",
                "title": "Support VCOs whose aims match",
                "text": (
                    "Statutory organisations support voluntary organisations whose "
                    "aims match their own, with funding where possible and help in "
                    "kind."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Funding and Capacity Building",
            },
            {
                "ref": "FC2",
                "code": "funding",
                "title": "Clear, transparent and standard grant process",
                "text": (
                    "Statutory organisations aim for a clear, transparent and "
                    "standardised grant process with equal access, more information "
                    "on what is available, and precise timing and conditions."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Funding and Capacity Building",
            },
            {
                "ref": "FC3",
                "code": "funding",
                "title": "Share information on available funding",
                "text": (
                    "Statutory organisations share information on available funding "
                    "and help explain the difference between statutory and "
                    "non-statutory funding."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Funding and Capacity Building",
            },
            {
                "ref": "FC4",
                "code": "funding",
                "title": "VCOs in grant distribution as equals",
                "text": (
                    "Statutory organisations look for ways to let voluntary "
                    "organisations take part in distributing grants as equal "
                    "partners."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Funding and Capacity Building",
            },
            {
                "ref": "FC5",
                "code": "funding",
                "title": "Understand limits on secure funding",
                "text": (
                    "Voluntary organisations value statutory funding and understand "
                    "that long-term and core funding can be set by central "
                    "government and is not always secure."
                ),
                "undertaken_by": "vcs",
                "seed_section": "7. Undertakings: Funding and Capacity Building",
            },
            {
                "ref": "CON1",
                "code": "consultation",
                "title": "Timely, co-ordinated consultation without duplication",
                "text": (
                    "Statutory organisations co-ordinate consultation so it is "
                    "timely, requests are not duplicated, and people know what is "
                    "done with the information."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Communication and Consultation",
            },
            {
                "ref": "CON2",
                "code": "consultation",
                "title": "Consider VCOs in committee reports",
                "text": (
                    "Statutory organisations make sure committee reports consider "
                    "the effect on voluntary organisations, and seek to let them "
                    "influence policy where appropriate and possible."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Communication and Consultation",
            },
            {
                "ref": "CG1",
                "code": "community_groups",
                "title": "Recognise small groups' limited capacity",
                "text": (
                    "Statutory organisations accept that small groups are short of "
                    "time, resources and people, that taking part has a cost, and "
                    "that no single view speaks for the whole sector."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Communication and Consultation",
            },
            {
                "ref": "COM1",
                "code": "communication",
                "title": "Share practical information and advice",
                "text": (
                    "Statutory organisations share information on topics such as "
                    "equal opportunities, employment practice, insurance and "
                    "liability, and work with VCOs on an information and advice "
                    "service."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Communication and Consultation",
            },
            {
                "ref": "VOL1",
                "code": "volunteering",
                "title": "Value and publicise volunteers' work",
                "text": (
                    "Statutory organisations value volunteers' skills, and both "
                    "sectors jointly publicise the work volunteers do."
                ),
                "undertaken_by": "both",
                "seed_section": "7. Undertakings: Supporting Volunteering",
            },
            {
                "ref": "VOL2",
                "code": "volunteering",
                "title": "Share checks, policies and training",
                "text": (
                    "Statutory organisations share information such as CRB checks, "
                    "policies, training and recruitment practice wherever possible."
                ),
                "undertaken_by": "statutory",
                "seed_section": "7. Undertakings: Supporting Volunteering",
            },
            {
                "ref": "VOL3",
                "code": "volunteering",
                "title": "Clear information on volunteering opportunities",
                "text": (
                    "Voluntary organisations present clear information about "
                    "volunteering opportunities and make sure the local authority "
                    "understands that volunteering needs resources."
                ),
                "undertaken_by": "vcs",
                "seed_section": "7. Undertakings: Supporting Volunteering",
            },
            {
                "ref": "EQ1",
                "code": "equality",
                "title": "Equality of opportunity and diversity",
                "text": (
                    "All sectors recognise the importance of equality of opportunity "
                    "for all citizens and value a diverse community."
                ),
                "undertaken_by": "both",
                "seed_section": "3. Shared Values and Principles",
            },
            {
                "ref": "MON1",
                "code": "monitoring",
                "title": "Joint annual review and annual report",
                "text": (
                    "Both sectors jointly co-ordinate an annual review of the "
                    "Compact, and the Steering Group produces an annual report with "
                    "recommendations and holds an annual meeting."
                ),
                "undertaken_by": "both",
                "seed_section": (
                    "7. Undertakings: Communication and Consultation; "
                    "Appendix 1.2: Terms of reference of the Steering Group"
                ),
            },
            {
                "ref": "MON2",
                "code": "monitoring",
                "title": "Resolve disputes through Compact procedures",
                "text": (
                    "The Steering Group seeks to resolve disputes and develops a way "
                    "to resolve them, so that disputes are resolved quickly using "
                    "Compact procedures."
                ),
                "undertaken_by": "both",
                "seed_section": (
                    "Appendix 1.2: Terms of reference of the Steering Group; 5. Success Measures"
                ),
            },
        ],
        # "10. Action Plan with Timelines: Information pending".
        "action_plan": [],
    },
]


# The Swansea seed ("Signing Up") says a sign-up pro forma comes with the
# Compact but does not reproduce the form itself. These fields are drawn from
# what that section says the form involves: the organisation adopting it, its
# governing body's prior agreement, the "not legally binding" statement, the
# pledge to uphold, the public online register, and the invitation to
# contribute. The signer's name, position and date are implied by "signing the
# form"; they are not listed in the seed.
SIGNUP_PRO_FORMA_FIELDS = [
    (
        "organisation_name",
        "Name of your group or organisation",
        "The group or organisation that is signing up to the Compact.",
    ),
    (
        "sector",
        "Sector",
        "Whether you are a voluntary or community group or the Local Authority.",
    ),
    (
        "governing_body",
        "Who agreed to adopt the Compact",
        "Your board, trustees, management committee or other governing body.",
    ),
    (
        "governing_body_agreed",
        "Our governing body has agreed to adopt the Compact",
        (
            "Take the Compact and this form to your governing body and get its "
            "agreement before you sign up."
        ),
    ),
    (
        "pledge_to_uphold",
        "We will uphold the Compact",
        (
            "You make a voluntary commitment to uphold the Compact and its "
            "implementation in your own organisation and with other Compact "
            "stakeholders, and to work constructively towards its ideals."
        ),
    ),
    (
        "not_legally_binding_understood",
        "We understand the Compact is not legally binding",
        ("The Compact is a statement of intent. Signing this form is not a legal commitment."),
    ),
    (
        "register_listing",
        "We agree to be listed on the public register of signatories",
        (
            "The register of signatories is kept online for anyone to view "
            "(the seed names www.scvs.org.uk)."
        ),
    ),
    (
        "contributions",
        "Your contributions to the Compact (optional)",
        (
            "The Compact is a process you are invited to contribute to. Add any "
            "comments or suggestions here."
        ),
    ),
    (
        "signed_by",
        "Name and position of the person signing",
        "The person signing this form on behalf of your group or organisation.",
    ),
    (
        "signed_on",
        "Date signed",
        "The date this form is signed.",
    ),
]

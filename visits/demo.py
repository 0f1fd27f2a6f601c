"""Demo visits, written from the stories.

The stories give days and months; the demo puts them in the last year so that the board has
both a history and something coming: the UK delegation on 15-16 April 2026, the China Study
Abroad Forum on 7 April 2026, the China-Kazakhstan dialogue on 27 July 2026, Cheshire College
South & West's visit on 25 November 2025, and the return delegation for the third negotiation
round, planned for March 2027 (its dates are not in the story: to be confirmed).

Idempotent: a visit with the same title and start date is left alone.
"""

import os
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from partners.demo import HOME, institution
from partners.models import Contact
from visits import services
from visits.models import FollowUp, Visit, VisitParticipant


def demo_officer():
    """The demo's international office officer, who organises the visits and owns the
    follow-ups and agreements: the demo login (DEMO_SUPERUSER, default "admin"), so that the
    board on the admin's home page has something in it. ``ensure_demo_superuser`` gives it its
    password."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=os.environ.get("DEMO_SUPERUSER", "admin"),
        defaults={"first_name": "Demo", "last_name": "Officer", "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name="office"))
    return user


def contact(name: str) -> Contact:
    return Contact.objects.get(full_name=name)


def visits(officer):
    home = institution("CN", HOME)
    return [
        {
            "title": "Guizhou education delegation to the United Kingdom",
            "kind": Visit.Kind.DELEGATION,
            "direction": Visit.Direction.OUTBOUND,
            "status": Visit.Status.COMPLETED,
            "starts_on": date(2026, 4, 15),
            "ends_on": date(2026, 4, 16),
            "city": "London",
            "country": "GB",
            "purpose": (
                "Promote the internationalisation of education in Guizhou and introduce "
                "overseas talent: education reciprocity, joint training, talent introduction, "
                "research cooperation and discipline construction."
            ),
            "outcome": (
                "Seven MoUs signed between Guizhou and British universities at the higher "
                "education cooperation conference in London (hosted by the provincial "
                "government, organised by its Department of Education, supported by the British "
                "Council). Guizhou University and the Oxford Suzhou Centre for Advanced Research "
                "signed an MoU. The province announced 20 full and partial scholarships for "
                "British students to study in Guizhou."
            ),
            "organiser": officer,
            "stops": [
                {
                    "date": date(2026, 4, 15),
                    "institution": institution("GB", "British Council"),
                    "notes": "Meeting with Maddalaine Ansell, global director of education.",
                },
                {
                    "date": date(2026, 4, 15),
                    "institution": institution("GB", "London Metropolitan University"),
                    "notes": "",
                },
                {
                    "date": date(2026, 4, 16),
                    "institution": institution("GB", "University of Oxford"),
                    "notes": "Talent exchange and joint training programme.",
                },
            ],
            "participants": [
                {
                    "contact": contact("Lu Yongzheng"),
                    "role": VisitParticipant.Role.HEAD_OF_DELEGATION,
                },
                {"contact": contact("Maddalaine Ansell"), "role": VisitParticipant.Role.HOST},
            ],
        },
        {
            "title": "China Study Abroad Forum",
            "kind": Visit.Kind.CONFERENCE,
            "direction": Visit.Direction.OUTBOUND,
            "status": Visit.Status.COMPLETED,
            "starts_on": date(2026, 4, 7),
            "ends_on": date(2026, 4, 7),
            "city": "Beijing",
            "country": "CN",
            "host_institution": institution(
                "CN", "Ministry of Education of the People's Republic of China"
            ),
            "purpose": (
                "Towards a better future: enhancing international cooperation in education and "
                "talent development."
            ),
            "outcome": (
                "Met Serbia's Ministry of Education and the University of Adelaide, both keen on "
                "long-term partnerships with Chinese universities."
            ),
            "attendance_note": "Hundreds of guests and media, online and offline.",
            "organiser": officer,
            "participants": [
                {"contact": contact("Liu Jin"), "role": VisitParticipant.Role.SPEAKER},
                {"contact": contact("Bojan Tubić"), "role": VisitParticipant.Role.SPEAKER},
                {"contact": contact("Jessica Gallagher"), "role": VisitParticipant.Role.SPEAKER},
            ],
        },
        {
            "title": "First China-Kazakhstan University Rector's Cooperation Dialogue",
            "kind": Visit.Kind.SIGNING_CEREMONY,
            "direction": Visit.Direction.INBOUND,
            "status": Visit.Status.COMPLETED,
            "starts_on": date(2026, 7, 27),
            "ends_on": date(2026, 7, 27),
            "city": "Gui'an New Area",
            "country": "CN",
            "purpose": (
                "Group signing ceremony during the China-ASEAN Education Cooperation Week: "
                "a new start of educational cooperation brings a new future for cultural and "
                "educational exchanges."
            ),
            "outcome": (
                "24 cooperation agreements signed between 10 Chinese and 9 Kazakh universities. "
                "KIMEP University wants more ties with Chinese schools and student exchanges."
            ),
            "attendance": 90,
            "attendance_note": (
                "More than 90 representatives and guests from a dozen Kazakh universities and "
                "institutions and over 30 Chinese universities."
            ),
            "organiser": officer,
            "participants": [
                {"contact": contact("Li Jianjun"), "role": VisitParticipant.Role.SPEAKER},
                {"contact": contact("Timothy Barnett"), "role": VisitParticipant.Role.SPEAKER},
            ],
        },
        {
            "title": "Cheshire College South & West visits the Lijian campus",
            "kind": Visit.Kind.DELEGATION,
            "direction": Visit.Direction.INBOUND,
            "status": Visit.Status.COMPLETED,
            "starts_on": date(2025, 11, 25),
            "ends_on": date(2025, 11, 25),
            "city": "Guiyang",
            "country": "CN",
            "host_institution": home,
            "purpose": (
                "Negotiate the Sino-foreign cooperative education programme and inspect the "
                "practical training bases."
            ),
            "outcome": (
                "MoU signed with Cheshire College South & West: cooperative education, technical "
                "training, academic exchanges and cultural dialogue. Next step: a delegation "
                "headed by the president goes to Cheshire College for the third round of "
                "negotiations."
            ),
            "organiser": officer,
            "stops": [
                {
                    "date": date(2025, 11, 25),
                    "institution": home,
                    "notes": (
                        "Training bases toured: integrated electric power technology, "
                        "mechatronics, automotive fault diagnosis and maintenance, hydraulic "
                        "construction field, water-saving irrigation field."
                    ),
                },
            ],
            "participants": [
                {
                    "contact": contact("Stelios Yalarakis"),
                    "role": VisitParticipant.Role.HEAD_OF_DELEGATION,
                },
                {"contact": contact("Gan Lin"), "role": VisitParticipant.Role.MEMBER},
                {"contact": contact("Li Lin"), "role": VisitParticipant.Role.HOST},
                {"contact": contact("Li Changni"), "role": VisitParticipant.Role.HOST},
            ],
            "follow_ups": [
                {
                    "title": "Prepare the third negotiation round at Cheshire College South & West",
                    "due_on": date(2026, 12, 10),
                },
            ],
        },
        {
            "title": "Delegation to Cheshire College South & West: third negotiation round",
            "kind": Visit.Kind.DELEGATION,
            "direction": Visit.Direction.OUTBOUND,
            "status": Visit.Status.PLANNED,
            "starts_on": date(2027, 3, 15),
            "ends_on": date(2027, 3, 17),
            "city": "Chester",
            "country": "GB",
            "host_institution": institution("GB", "Cheshire College South & West"),
            "purpose": (
                "Third round of negotiations on the Sino-foreign cooperative education "
                "programme, delegation headed by the president. Dates to be confirmed."
            ),
            "organiser": officer,
            "participants": [
                {"contact": contact("Li Lin"), "role": VisitParticipant.Role.HEAD_OF_DELEGATION},
            ],
        },
    ]


def load() -> dict[str, int]:
    created = {"visits": 0, "follow-ups": 0}
    officer = demo_officer()
    for spec in visits(officer):
        spec = dict(spec)
        follow_ups = spec.pop("follow_ups", [])
        if Visit.objects.filter(title=spec["title"], starts_on=spec["starts_on"]).exists():
            continue
        visit = services.visit_create(**spec)
        created["visits"] += 1
        for item in follow_ups:
            if not FollowUp.objects.filter(visit=visit, title=item["title"]).exists():
                services.follow_up_create(visit=visit, owner=officer, **item)
                created["follow-ups"] += 1
    return created

"""Demo agreements and scholarship quotas, written from the stories.

Every agreement is walked through the lifecycle service, so each has a real status history. The
stories give signing dates but not terms: the terms below (five years for the conference MoUs,
18 months for the Cheshire College MoU) are assumptions of the demo, said in each agreement's
notes. Where a story does not name a party (the British signatories of the seven London MoUs,
the 10 Chinese and 9 Kazakh universities of the 24 dialogue agreements), a clearly named
placeholder institution stands in for them.

Idempotent: an agreement with the same title is left alone.
"""

from datetime import date

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AreaOfCooperation, ScholarshipQuota
from partners import services as partner_services
from partners.demo import HOME, institution
from partners.identifiers import name_key
from partners.models import Contact, Institution
from visits.demo import demo_officer
from visits.models import FollowUp, Visit
from visits.services import follow_up_update

S = Agreement.Status

GUIZHOU_DELEGATION = [
    "Guizhou University",
    "Guizhou University of Finance and Economics",
    "Guizhou Medical University",
    "Guizhou University of Traditional Chinese Medicine",
    "Guizhou Minzu University",
    "Guizhou Education University",
    "Kaili University",
]

PLACEHOLDERS = [
    ("GB", "British university (not named in the report)"),
    ("CN", "Chinese university (not named in the report)"),
    ("KZ", "Kazakh university (not named in the report)"),
]


def _placeholder(country: str, name: str) -> Institution:
    existing = Institution.objects.filter(country=country, name_key=name_key(name)).first()
    return existing or partner_services.institution_create(
        name=name,
        country=country,
        status=Institution.Status.ACTIVE,
        notes="Stands in for a signatory the story does not name; replace it with the real one.",
    )


def _areas(*names):
    return list(AreaOfCooperation.objects.filter(name__in=names))


def _visit(title: str) -> Visit | None:
    return Visit.objects.filter(title=title).first()


def _signed(*, title, parties, signed_on, effective_on, expires_on, until=S.ACTIVE, **fields):
    """Create an agreement and walk it through the lifecycle to ``until``."""
    agreement = services.agreement_create(
        title=title,
        parties=parties,
        signed_on=signed_on,
        effective_on=effective_on,
        expires_on=expires_on,
        **fields,
    )
    note = "Recorded from the story."
    today = timezone.localdate()
    for step in (S.NEGOTIATING, S.PENDING_APPROVAL, S.SIGNED, S.ACTIVE):
        services.agreement_transition(agreement=agreement, to=step, note=note, today=today)
        if step == until:
            break
    return agreement


def load() -> dict[str, int]:
    created = {"agreements": 0, "negotiation rounds": 0, "quotas": 0}
    officer = demo_officer()
    home = institution("CN", HOME)
    cheshire = institution("GB", "Cheshire College South & West")
    british, chinese, kazakh = (_placeholder(*p) for p in PLACEHOLDERS)
    uk_visit = _visit("Guizhou education delegation to the United Kingdom")
    dialogue = _visit("First China-Kazakhstan University Rector's Cooperation Dialogue")
    cheshire_visit = _visit("Cheshire College South & West visits the Lijian campus")

    def missing(title):
        return not Agreement.objects.filter(title=title).exists()

    for n, university in enumerate(GUIZHOU_DELEGATION, start=1):
        title = f"MoU signed at the Guizhou-UK higher education conference, London ({n} of 7)"
        if missing(title):
            _signed(
                title=title,
                kind=Agreement.Kind.MOU,
                owner=officer,
                parties=[
                    {"institution": institution("CN", university), "role": "home"},
                    {"institution": british, "role": "partner"},
                    {"institution": institution("GB", "British Council"), "role": "supporter"},
                ],
                areas=_areas("Joint training", "Talent exchange", "Research cooperation"),
                signed_on=date(2026, 4, 15),
                effective_on=date(2026, 4, 15),
                expires_on=date(2031, 4, 14),
                signed_at_visit=uk_visit,
                notes=(
                    "One of seven MoUs signed at the conference; the report names the Guizhou "
                    "delegation but not which British university signed each. Five-year term "
                    "assumed for the demo."
                ),
            )
            created["agreements"] += 1

    title = "MoU on research innovation and training exchanges"
    if missing(title):
        _signed(
            title=title,
            kind=Agreement.Kind.RESEARCH,
            owner=officer,
            parties=[
                {"institution": institution("CN", "Guizhou University"), "role": "home"},
                {
                    "institution": institution("CN", "Oxford Suzhou Centre for Advanced Research"),
                    "role": "partner",
                },
            ],
            areas=_areas("Research cooperation", "Joint training"),
            signed_on=date(2026, 4, 16),
            effective_on=date(2026, 4, 16),
            expires_on=date(2031, 4, 15),
            notice_days=90,
            signed_at_visit=uk_visit,
            notes="Signed during the delegation's UK visit. Five-year term assumed for the demo.",
        )
        created["agreements"] += 1

    title = "MoU with Cheshire College South & West"
    if missing(title):
        _signed(
            title=title,
            kind=Agreement.Kind.MOU,
            owner=officer,
            parties=[
                {
                    "institution": home,
                    "role": "home",
                    "signatory": Contact.objects.get(full_name="Li Lin"),
                    "signed_on": date(2025, 11, 25),
                },
                {
                    "institution": cheshire,
                    "role": "partner",
                    "signatory": Contact.objects.get(full_name="Stelios Yalarakis"),
                    "signed_on": date(2025, 11, 25),
                },
            ],
            areas=_areas("Technical training", "Cultural exchange", "Teacher and student exchange"),
            signed_on=date(2025, 11, 25),
            effective_on=date(2025, 11, 25),
            expires_on=date(2027, 5, 20),
            notice_days=60,
            signed_at_visit=cheshire_visit,
            notes=(
                "Cooperative education, technical training, academic exchanges and cultural "
                "dialogue. 18-month term assumed for the demo."
            ),
        )
        created["agreements"] += 1

    title = "Sino-foreign cooperative education programme with Cheshire College South & West"
    if missing(title):
        programme = services.agreement_create(
            title=title,
            kind=Agreement.Kind.JOINT_PROGRAMME,
            owner=officer,
            parties=[
                {"institution": home, "role": "home"},
                {"institution": cheshire, "role": "partner"},
            ],
            areas=_areas("Joint training", "Technical training", "Curriculum co-construction"),
            notes="Two rounds held; the third is planned at the partner's campus.",
        )
        created["agreements"] += 1
        services.negotiation_round_create(
            agreement=programme,
            held_on=date(2025, 9, 16),
            mode="online",
            summary="First round: scope of the programme (date assumed for the demo).",
        )
        services.negotiation_round_create(
            agreement=programme,
            held_on=date(2025, 11, 25),
            location="Lijian campus",
            summary=(
                "Second round during Cheshire College's visit; training bases inspected, "
                "MoU signed."
            ),
            outcome="Both sides agree to continue; a delegation headed by the president goes next.",
            next_round_on=date(2027, 3, 15),
        )
        created["negotiation rounds"] += 2
        follow_up = FollowUp.objects.filter(
            title__startswith="Prepare the third negotiation"
        ).first()
        if follow_up is not None and follow_up.agreement_id is None:
            follow_up_update(follow_up=follow_up, agreement=programme)

    for n in range(1, 25):
        title = (
            f"Cooperation agreement {n} of 24, China-Kazakhstan University Rector's "
            "Cooperation Dialogue"
        )
        if missing(title):
            _signed(
                title=title,
                kind=Agreement.Kind.FRAMEWORK,
                owner=officer,
                parties=[
                    {"institution": chinese, "role": "home"},
                    {"institution": kazakh, "role": "partner"},
                ],
                areas=_areas("Discipline construction", "Research cooperation"),
                signed_on=date(2026, 7, 27),
                effective_on=date(2026, 7, 27),
                expires_on=date(2031, 7, 26),
                signed_at_visit=dialogue,
                notes=(
                    "24 agreements were signed between 10 Chinese and 9 Kazakh universities; the "
                    "report does not say which. Five-year term assumed for the demo."
                ),
            )
            created["agreements"] += 1

    department = institution("CN", "Guizhou Provincial Department of Education")
    if not ScholarshipQuota.objects.filter(funder=department, academic_year="2026/27").exists():
        services.quota_create(
            funder=department,
            host=department,
            academic_year="2026/27",
            direction=ScholarshipQuota.Direction.INBOUND,
            level=ScholarshipQuota.Level.UNDERGRADUATE,
            funding=ScholarshipQuota.Funding.MIXED,
            places=20,
            notes=(
                "20 full and partial scholarships for British students to study in Guizhou, "
                "announced during the UK visit. Hosts: Guizhou universities; the level is not "
                "given in the announcement."
            ),
        )
        created["quotas"] += 1
    return created

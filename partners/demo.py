"""Demo institutions, units and contacts, written from the stories the product is built from:
the Guizhou education delegation to the UK, Cheshire College South & West's visit to the Lijian
campus, the first China-Kazakhstan University Rector's Cooperation Dialogue and the China Study
Abroad Forum in Beijing.

Loading is idempotent: a record that exists (same name in the same country) is left alone.
"""

from partners import services
from partners.identifiers import name_key
from partners.models import Contact, Institution, Unit

HOME = "Our University (Lijian campus)"

INSTITUTIONS = [
    {
        "name": HOME,
        "short_name": "Lijian",
        "kind": Institution.Kind.VOCATIONAL_COLLEGE,
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
        "is_home": True,
        "notes": (
            "The vocational university whose Lijian campus hosted Cheshire College South & West. "
            "The story does not name it: rename this record to your own institution."
        ),
    },
    {
        "name": "Guizhou Provincial Department of Education",
        "native_name": "贵州省教育厅",
        "kind": Institution.Kind.GOVERNMENT,
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
        "notes": "Organised the education delegation to the UK and the London conference.",
    },
    {
        "name": "Guizhou University",
        "native_name": "贵州大学",
        "short_name": "GZU",
        "country": "CN",
        "city": "Guiyang",
        "ror_id": "https://ror.org/02wmsc916",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Guizhou University of Finance and Economics",
        "native_name": "贵州财经大学",
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Guizhou Medical University",
        "native_name": "贵州医科大学",
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Guizhou University of Traditional Chinese Medicine",
        "native_name": "贵州中医药大学",
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Guizhou Minzu University",
        "native_name": "贵州民族大学",
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Guizhou Education University",
        "native_name": "贵州师范学院",
        "country": "CN",
        "city": "Guiyang",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Kaili University",
        "native_name": "凯里学院",
        "country": "CN",
        "city": "Kaili",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "British Council",
        "kind": Institution.Kind.AGENCY,
        "country": "GB",
        "city": "London",
        "website": "https://www.britishcouncil.org/",
        "status": Institution.Status.ACTIVE,
        "notes": "Supported the Guizhou-UK higher education cooperation conference in London.",
    },
    {
        "name": "London Metropolitan University",
        "short_name": "London Met",
        "country": "GB",
        "city": "London",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "University of Oxford",
        "short_name": "Oxford",
        "country": "GB",
        "city": "Oxford",
        "website": "https://www.ox.ac.uk/",
        "ror_id": "052gg0110",
        "schac_code": "ox.ac.uk",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Oxford Suzhou Centre for Advanced Research",
        "native_name": "牛津大学苏州先进研究院",
        "short_name": "OSCAR",
        "kind": Institution.Kind.OTHER,
        "country": "CN",
        "city": "Suzhou",
        "status": Institution.Status.ACTIVE,
        "parent": ("GB", "University of Oxford"),
    },
    {
        "name": "Cheshire College South & West",
        "kind": Institution.Kind.COLLEGE,
        "country": "GB",
        "city": "Chester",
        "status": Institution.Status.ACTIVE,
        "notes": "Negotiating a Sino-foreign cooperative education programme with us.",
    },
    {
        "name": "KIMEP University",
        "country": "KZ",
        "city": "Almaty",
        "status": Institution.Status.PROSPECT,
        "notes": "Met at the first China-Kazakhstan University Rector's Cooperation Dialogue.",
    },
    {
        "name": "Ministry of Education of the People's Republic of China",
        "native_name": "中华人民共和国教育部",
        "short_name": "MOE",
        "kind": Institution.Kind.GOVERNMENT,
        "country": "CN",
        "city": "Beijing",
        "status": Institution.Status.ACTIVE,
    },
    {
        "name": "Ministry of Education, Science and Technological Development of Serbia",
        "kind": Institution.Kind.GOVERNMENT,
        "country": "RS",
        "city": "Belgrade",
        "status": Institution.Status.PROSPECT,
    },
    {
        "name": "University of Adelaide",
        "country": "AU",
        "city": "Adelaide",
        "status": Institution.Status.PROSPECT,
    },
]

UNITS = [
    (("CN", HOME), "Foreign Exchange Center"),
    (("CN", HOME), "School of Electric Power Engineering"),
    (("CN", HOME), "School of Mechanical and Electrical Engineering"),
    (("CN", HOME), "School of Automotive Engineering"),
    (
        ("CN", "Ministry of Education of the People's Republic of China"),
        "Department of International Cooperation and Exchanges",
    ),
]

CONTACTS = [
    {
        "institution": ("CN", HOME),
        "full_name": "Li Lin",
        "position": "President",
    },
    {
        "institution": ("CN", HOME),
        "unit": "Foreign Exchange Center",
        "full_name": "Li Changni",
        "position": "Director, Foreign Exchange Center",
    },
    {
        "institution": ("GB", "Cheshire College South & West"),
        "full_name": "Stelios Yalarakis",
        "position": "Director of International Office",
    },
    {
        "institution": ("GB", "Cheshire College South & West"),
        "full_name": "Gan Lin",
        "position": "Chinese Representative",
    },
    {
        "institution": ("GB", "British Council"),
        "full_name": "Maddalaine Ansell",
        "position": "Global Director of Education",
    },
    {
        "institution": ("CN", "Guizhou Provincial Department of Education"),
        "full_name": "Lu Yongzheng",
        "position": "Secretary, Guizhou Provincial Education Commission",
    },
    {
        "institution": ("CN", "Guizhou University"),
        "full_name": "Li Jianjun",
        "position": "Party Secretary",
    },
    {
        "institution": ("KZ", "KIMEP University"),
        "full_name": "Timothy Barnett",
        "position": "Provost and General Deputy to the President",
    },
    {
        "institution": ("CN", "Ministry of Education of the People's Republic of China"),
        "unit": "Department of International Cooperation and Exchanges",
        "full_name": "Liu Jin",
        "position": "Director General, Department of International Cooperation and Exchanges",
    },
    {
        "institution": (
            "RS",
            "Ministry of Education, Science and Technological Development of Serbia",
        ),
        "full_name": "Bojan Tubić",
        "position": "Assistant Minister",
    },
    {
        "institution": ("AU", "University of Adelaide"),
        "full_name": "Jessica Gallagher",
        "position": "Vice Chancellor",
    },
]


def institution(country: str, name: str) -> Institution:
    """The demo institution called ``name`` in ``country``."""
    return Institution.objects.get(country=country, name_key=name_key(name))


def load() -> dict[str, int]:
    """Create what is missing; return how many records of each kind were created."""
    created = {"institutions": 0, "units": 0, "contacts": 0}
    for spec in INSTITUTIONS:
        spec = dict(spec)
        if Institution.objects.filter(
            country=spec["country"], name_key=name_key(spec["name"])
        ).exists():
            continue
        if "parent" in spec:
            spec["parent"] = institution(*spec["parent"])
        services.institution_create(**spec)
        created["institutions"] += 1

    for owner, unit_name in UNITS:
        owner = institution(*owner)
        if not Unit.objects.filter(institution=owner, name=unit_name).exists():
            services.unit_create(institution=owner, name=unit_name)
            created["units"] += 1

    for spec in CONTACTS:
        spec = dict(spec)
        spec["institution"] = institution(*spec["institution"])
        if "unit" in spec:
            spec["unit"] = Unit.objects.get(institution=spec["institution"], name=spec["unit"])
        if not Contact.objects.filter(
            institution=spec["institution"], full_name=spec["full_name"]
        ).exists():
            services.contact_create(**spec)
            created["contacts"] += 1
    return created

"""Helpers shared by the cases tests and the benchmark: principals shaped like the realm's."""

from __future__ import annotations

import uuid
from pathlib import Path

from onewindow_kit.principal import Principal

SAMPLE_CATALOGUE = Path(__file__).resolve().parents[2] / "catalogue" / "catalogue.yaml"


def staff(dept: str, office: str, *roles: str, subject: str | None = None) -> Principal:
    """A staff member of ``dept`` working at ``office``."""
    return Principal(
        subject=subject or f"{dept}-{'-'.join(roles)}-{uuid.uuid4().hex[:6]}",
        roles=frozenset(roles),
        department=dept,
        office=office,
        assurance_level="high",
    )


def citizen(person_id: str = "P-1", level: str = "substantial", acting_for: str = "") -> Principal:
    """A citizen logged in at ``level``."""
    return Principal(
        subject=f"user-{person_id}",
        roles=frozenset({"citizen"}),
        person_id=person_id,
        assurance_level=level,
        acting_for=acting_for,
    )


ID_A, ID_B = "11010519491231002X", "110105199003071234"

SAMPLE_FORMS: dict[str, dict] = {
    "birth-medical-certificate": {
        "child_name": "Li Xiaoming", "child_sex": "male", "birth_date": "2027-02-20",
        "birth_place": "First People's Hospital", "mother_id_number": ID_A,
    },
    "newborn-household-registration": {
        "child_name": "Li Xiaoming", "birth_date": "2027-02-20", "household_number": "110105123",
    },
    "newborn-medical-insurance": {
        "child_name": "Li Xiaoming", "birth_date": "2027-02-20", "guardian_id_number": ID_A,
    },
    "social-security-card": {
        "holder_name": "Li Xiaoming", "holder_id_number": ID_B,
        "delivery_address": "8 Renmin Road, Apt 3",
    },
    "marriage-registration": {
        "party_a_id_number": ID_A, "party_b_id_number": ID_B, "appointment_date": "2027-03-10",
    },
    "business-registration": {
        "company_name": "Good Noodles Ltd", "business_scope": "catering",
        "registered_capital_cny": 100000, "legal_representative_id_number": ID_A,
        "address": "1 Renmin Road",
    },
    "food-business-licence": {
        "operator_name": "Good Noodles Ltd", "premises_address": "1 Renmin Road",
        "business_category": "restaurant", "food_safety_manager": "Wang Wei",
    },
    "fire-safety-inspection": {
        "premises_address": "1 Renmin Road", "floor_area_m2": 120.5, "seating_capacity": 40,
    },
    "signboard-permit": {
        "premises_address": "1 Renmin Road", "sign_width_m": 3, "sign_height_m": 1,
    },
    "provident-fund-withdrawal": {
        "account_number": "1234567890", "reason": "rent", "amount_cny": 5000,
    },
}  # fmt: skip


def bundle_form(*service_types: str) -> dict:
    """The one form of a bundle: every part's sample fields."""
    form: dict = {}
    for code in service_types:
        form.update(SAMPLE_FORMS[code])
    return form


NEWBORN_PARTS = (
    "birth-medical-certificate", "newborn-household-registration", "newborn-medical-insurance",
    "social-security-card",
)  # fmt: skip
RESTAURANT_PARTS = (
    "business-registration", "food-business-licence", "fire-safety-inspection", "signboard-permit",
)  # fmt: skip

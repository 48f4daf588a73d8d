"""Who sees and changes what: predicates on an account's role and place in the tree.

A work unit sees its own applicants, a recommending unit its subtree, the office (and its
experts and approvers) the campaigns of its region. Every view and service asks here; no
view filters by hand.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from skillaward.core import chain
from skillaward.core.idnumber import mask_id_number
from skillaward.core.program import find_program
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES
from skillaward.organisations.models import Account, Organisation


class Placed(Protocol):
    """An application as the predicates read it: whose it is, where it stands, and its
    campaign (the application model lives a floor above, in ``campaigns``)."""

    @property
    def applicant_id(self) -> int | None: ...
    @property
    def unit_id(self) -> int | None: ...
    @property
    def recommender_id(self) -> int | None: ...
    @property
    def stage(self) -> str: ...
    @property
    def pk(self) -> Any: ...

    @property
    def campaign(self) -> Any: ...


Kind = Organisation.Kind

# The level of organisation an account of each role belongs to.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "applicant": (Kind.UNIT, Kind.RECOMMENDER),
    "unit_staff": (Kind.UNIT,),
    "recommender_staff": (Kind.RECOMMENDER,),
    "office_staff": (Kind.OFFICE,),
    "expert": (Kind.OFFICE,),
    "approver": (Kind.OFFICE,),
}

CHILD_KIND = {Kind.OFFICE: Kind.RECOMMENDER, Kind.RECOMMENDER: Kind.UNIT}

STAFF_ROLES = frozenset(chain.ROLE_NAMES) - {"applicant"}
OFFICE_ROLES = frozenset({"office_staff", "expert", "approver"})
# Roles whose work needs full ID numbers, phone numbers and bank accounts.
PERSONAL_DATA_ROLES = frozenset({"unit_staff", "recommender_staff", "office_staff"})
# Roles that manage organisations and accounts in their subtree.
MANAGING_ROLES = PERSONAL_DATA_ROLES
# The roles of the accounts each managing role may create (issue 3 §1).
CREATABLE_ROLES: dict[str, tuple[chain.Role, ...]] = {
    "office_staff": tuple(chain.ROLE_NAMES),
    "recommender_staff": ("unit_staff",),
    "unit_staff": ("applicant",),
}


# --- roles: the one place a role is compared --------------------------------------------------


def is_applicant(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role == "applicant"


def is_unit_staff(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role == "unit_staff"


def is_recommender_staff(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role == "recommender_staff"


def is_office_staff(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role == "office_staff"


def is_expert(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role == "expert"


def can_view_panel(account: Account, office_id: int) -> bool:
    """Whether the account sees a panel of the office's campaigns: the office's own roles
    and its recommending units' staff (who run their own panels)."""
    office = office_of(account)
    runs = account.role in OFFICE_ROLES or account.role == "recommender_staff"
    return office is not None and office.pk == office_id and runs


def is_staff_member(account: Account | AnonymousUser) -> bool:
    """Any role but the applicant's: the roles with a worklist."""
    return isinstance(account, Account) and account.role in STAFF_ROLES


def in_office(account: Account | AnonymousUser) -> bool:
    """The office's own roles: its staff, its experts and its leading group."""
    return isinstance(account, Account) and account.role in OFFICE_ROLES


def handles_personal_data(account: Account | AnonymousUser) -> bool:
    """Whether the account's role needs full ID numbers, phone numbers and bank accounts."""
    return isinstance(account, Account) and account.role in PERSONAL_DATA_ROLES


def manages_accounts(account: Account | AnonymousUser) -> bool:
    return isinstance(account, Account) and account.role in MANAGING_ROLES


def acts_at(account: Account | AnonymousUser, step: chain.ChainStep) -> bool:
    """Whether the account's role is the one that acts at ``step``."""
    return isinstance(account, Account) and account.role == step.role


def worked_stages(workflow: chain.Chain, account: Account) -> list[str]:
    """The stages where the account's role works: those it acts at and, for experts, the
    panel steps, where they read the candidates whose results the office records."""
    return [
        step.id
        for step in workflow.steps
        if step.role == account.role or (account.role == "expert" and step.kind == "panel")
    ]


def office_of(account: Account) -> Organisation | None:
    organisation = account.organisation
    return organisation.office if organisation is not None else None


def subtree(organisation: Organisation | int) -> QuerySet[Organisation]:
    """The organisation and everything under it (the tree has three levels)."""
    return Organisation.objects.filter(
        Q(pk=organisation) | Q(parent=organisation) | Q(parent__parent=organisation)
    )


def visible_organisations(account: Account | AnonymousUser) -> QuerySet[Organisation]:
    """What a managing account sees of the tree: its own organisation and its subtree."""
    if not isinstance(account, Account) or account.role not in MANAGING_ROLES:
        return Organisation.objects.none()
    if account.organisation_id is None:
        return Organisation.objects.none()
    return subtree(account.organisation_id)


def manages_organisation(account: Account, organisation: Organisation) -> bool:
    """Whether ``organisation`` lies in the subtree the account manages."""
    if account.role not in MANAGING_ROLES or account.organisation_id is None:
        return False
    node: Organisation | None = organisation
    while node is not None:
        if node.pk == account.organisation_id:
            return True
        node = node.parent
    return False


def creatable_roles(account: Account) -> tuple[chain.Role, ...]:
    return CREATABLE_ROLES.get(account.role, ())


def recommender_types_for(office: Organisation) -> list[str]:
    """Recommending-unit types the office's programmes name (all types before any campaign)."""
    program_ids = set(office.campaigns.values_list("program_id", flat=True))
    if not program_ids:
        return list(RECOMMENDER_TYPE_NAMES)
    named = {t for p in program_ids for t in find_program(p).nomination.recommender_types}
    return [t for t in RECOMMENDER_TYPE_NAMES if t in named]


def campaign_scope(account: Account | AnonymousUser) -> Q | None:
    """The campaigns an account sees, as a filter (None: none): those of its office."""
    if not isinstance(account, Account):
        return None
    office = office_of(account)
    return None if office is None else Q(office=office)


def application_scope(account: Account) -> Q | None:
    """The applications an account may open, as a filter (None: none): its own, its
    unit's, its subtree's, its office's — drafts only its own."""
    submitted = ~Q(stage=chain.DRAFT)
    match account.role:
        case "applicant":
            return Q(applicant=account)
        case "unit_staff":
            return Q(unit=account.organisation_id) & submitted
        case "recommender_staff":
            return Q(recommender=account.organisation_id) & submitted
        case "expert":
            return Q(campaign__office=office_of(account)) & submitted & ~Q(**{RECUSED: account})
        case _ if account.role in OFFICE_ROLES:
            return Q(campaign__office=office_of(account)) & submitted
    return None


def can_view(account: Account, application: Placed) -> bool:
    if account.role == "applicant":
        return application.applicant_id == account.pk
    if application.stage == chain.DRAFT:
        return False
    if account.role == "unit_staff":
        return application.unit_id is not None and application.unit_id == account.organisation_id
    if account.role == "recommender_staff":
        return application.recommender_id == account.organisation_id
    if account.role in OFFICE_ROLES:
        office_id: int = application.campaign.office_id
        if account.role == "expert" and _recused(account, application):
            return False
        return office_id == getattr(office_of(account), "pk", None)
    return False


# An expert who stands aside for a candidate sees nothing of it (issue 10 §3). The recusals
# live a floor above (``panels``); they are read here by their relation's name only.
RECUSED = "recusals__member__expert__account"


def _recused(account: Account, application: Placed) -> bool:
    return Account.objects.filter(
        pk=account.pk, expert__memberships__recusals__application=application.pk
    ).exists()


def can_act(account: Account, application: Placed) -> bool:
    """Whether the account may move the application out of the stage it is in now."""
    role = application.campaign.workflow.role_at(application.stage)
    return role is not None and account.role == role and can_view(account, application)


def sees_personal_data(account: Account | AnonymousUser, application: Placed) -> bool:
    if not isinstance(account, Account):
        return False
    if account.role == "applicant":
        return application.applicant_id == account.pk
    return account.role in PERSONAL_DATA_ROLES and can_view(account, application)


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "****"


def mask_account_number(number: str) -> str:
    return "**** " + number[-4:] if len(number) > 4 else "****"


def masked_id_number(id_number: str) -> str:
    return mask_id_number(id_number) if id_number else ""


def account_roles_for(*, organisation: Organisation, actor: Account) -> tuple[chain.Role, ...]:
    """The roles the actor may give to a new account in ``organisation``."""
    if not manages_organisation(actor, organisation):
        return ()
    return tuple(r for r in creatable_roles(actor) if organisation.kind in ROLE_KINDS[r])


def may_create_organisation(*, parent: Organisation, actor: Account) -> bool:
    kind = CHILD_KIND.get(Kind(parent.kind))
    if kind is None or not manages_organisation(actor, parent):
        return False
    return is_office_staff(actor) or (actor.role == "recommender_staff" and kind == Kind.UNIT)

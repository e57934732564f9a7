"""The Identity gRPC servicer: protobuf → command → handler → protobuf, nothing else.

Authentication, error mapping and logging come from the kit's server interceptor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from onewindow.identity.v1 import identity_pb2 as pb
from onewindow.identity.v1 import identity_pb2_grpc
from onewindow_identity.entrypoints import convert
from onewindow_identity.service_layer import (
    commands,
    consents,
    contacts,
    mandates,
    organisations,
    persons,
    principals,
    protection,
    service_accounts,
    staff,
)
from onewindow_identity.service_layer.ports import Services
from onewindow_kit.auth import TokenValidator
from onewindow_kit.principal import current_principal

Ctx = grpc.ServicerContext


class IdentityServicer(identity_pb2_grpc.IdentityServicer):
    """onewindow.identity.v1.Identity."""

    def __init__(self, svc: Services, validator: TokenValidator) -> None:
        self.svc = svc
        self.validator = validator

    def _run(
        self, handler: Callable[..., Any], command: Any, *, allow_gateway: bool = False
    ) -> Any:
        actor = current_principal(allow_gateway=allow_gateway)
        return handler(command, svc=self.svc, actor=actor)

    # --- persons ---------------------------------------------------------------------------

    def RegisterPerson(
        self, request: pb.RegisterPersonRequest, context: Ctx
    ) -> pb.RegisterPersonResponse:
        cmd = commands.RegisterPerson(
            idempotency_key=request.idempotency_key,
            country=request.country,
            national_id=request.national_id,
            family_name=request.family_name,
            given_name=request.given_name,
            date_of_birth=request.date_of_birth,
            email=request.email,
            phone=request.phone,
            password=request.password,
        )
        person = self._run(persons.register_person, cmd, allow_gateway=True)  # self-registration
        return pb.RegisterPersonResponse(person=convert.person(person))

    def GetPerson(self, request: pb.GetPersonRequest, context: Ctx) -> pb.GetPersonResponse:
        cmd = commands.GetPerson(person_id=request.person_id, purpose=request.purpose)
        return pb.GetPersonResponse(person=convert.person(self._run(persons.get_person, cmd)))

    def FindPerson(self, request: pb.FindPersonRequest, context: Ctx) -> pb.FindPersonResponse:
        cmd = commands.FindPerson(request.country, request.national_id, request.purpose)
        return pb.FindPersonResponse(person=convert.person(self._run(persons.find_person, cmd)))

    def VerifyInPerson(
        self, request: pb.VerifyInPersonRequest, context: Ctx
    ) -> pb.VerifyInPersonResponse:
        cmd = commands.VerifyInPerson(
            request.person_id, request.method, request.document.type, request.document.number
        )
        person, verification_id = self._run(persons.verify_in_person, cmd)
        return pb.VerifyInPersonResponse(
            person=convert.person(person), verification_id=verification_id
        )

    def ListAccessLog(
        self, request: pb.ListAccessLogRequest, context: Ctx
    ) -> pb.ListAccessLogResponse:
        entries = self._run(
            persons.list_access_log, commands.ListAccessLog(request.person_id, request.limit)
        )
        return pb.ListAccessLogResponse(
            entries=[convert.access_entry(e) for e in entries],
            records=[convert.access_record(e) for e in entries],
        )

    # --- organisations ---------------------------------------------------------------------

    def RegisterOrganisation(
        self, request: pb.RegisterOrganisationRequest, context: Ctx
    ) -> pb.RegisterOrganisationResponse:
        cmd = commands.RegisterOrganisation(
            idempotency_key=request.idempotency_key,
            country=request.country,
            registration_number=request.registration_number,
            name=request.name,
            legal_representative_person_id=request.legal_representative_person_id,
        )
        org = self._run(organisations.register_organisation, cmd)
        return pb.RegisterOrganisationResponse(organisation=convert.organisation(org))

    def GetOrganisation(
        self, request: pb.GetOrganisationRequest, context: Ctx
    ) -> pb.GetOrganisationResponse:
        org = self._run(
            organisations.get_organisation, commands.GetOrganisation(request.organisation_id)
        )
        return pb.GetOrganisationResponse(organisation=convert.organisation(org))

    # --- staff and service accounts --------------------------------------------------------

    def CreateStaff(self, request: pb.CreateStaffRequest, context: Ctx) -> pb.CreateStaffResponse:
        cmd = commands.CreateStaff(
            idempotency_key=request.idempotency_key,
            username=request.username,
            family_name=request.family_name,
            given_name=request.given_name,
            email=request.email,
            department=request.department,
            office=request.office,
            roles=list(request.roles),
            initial_password=request.initial_password,
        )
        return pb.CreateStaffResponse(staff=convert.staff(self._run(staff.create_staff, cmd)))

    def GetStaff(self, request: pb.GetStaffRequest, context: Ctx) -> pb.GetStaffResponse:
        member = self._run(staff.get_staff, commands.GetStaff(request.staff_id))
        return pb.GetStaffResponse(staff=convert.staff(member))

    def MoveStaff(self, request: pb.MoveStaffRequest, context: Ctx) -> pb.MoveStaffResponse:
        member = self._run(staff.move_staff, commands.MoveStaff(request.staff_id, request.office))
        return pb.MoveStaffResponse(staff=convert.staff(member))

    def DisableStaff(
        self, request: pb.DisableStaffRequest, context: Ctx
    ) -> pb.DisableStaffResponse:
        cmd = commands.DisableStaff(request.staff_id, request.reason)
        return pb.DisableStaffResponse(staff=convert.staff(self._run(staff.disable_staff, cmd)))

    def CreateServiceAccount(
        self, request: pb.CreateServiceAccountRequest, context: Ctx
    ) -> pb.CreateServiceAccountResponse:
        cmd = commands.CreateServiceAccount(
            request.idempotency_key, request.department, request.system_name, request.description
        )
        account, secret = self._run(service_accounts.create_service_account, cmd)
        return pb.CreateServiceAccountResponse(
            service_account=convert.service_account(account), client_secret=secret
        )

    def RotateServiceAccountSecret(
        self, request: pb.RotateServiceAccountSecretRequest, context: Ctx
    ) -> pb.RotateServiceAccountSecretResponse:
        cmd = commands.RotateServiceAccountSecret(request.service_account_id)
        account, secret = self._run(service_accounts.rotate_secret, cmd)
        return pb.RotateServiceAccountSecretResponse(
            service_account=convert.service_account(account), client_secret=secret
        )

    # --- mandates --------------------------------------------------------------------------

    def GrantMandate(
        self, request: pb.GrantMandateRequest, context: Ctx
    ) -> pb.GrantMandateResponse:
        cmd = commands.GrantMandate(
            idempotency_key=request.idempotency_key,
            mandator_kind=convert.party_kind(request.mandator_kind),
            mandator_id=request.mandator_id,
            mandatee_person_id=request.mandatee_person_id,
            service_types=list(request.service_types),
            valid_from=convert.when(request, "valid_from"),
            valid_until=convert.when(request, "valid_until"),
        )
        return pb.GrantMandateResponse(
            mandate=convert.mandate(self._run(mandates.grant_mandate, cmd))
        )

    def RevokeMandate(
        self, request: pb.RevokeMandateRequest, context: Ctx
    ) -> pb.RevokeMandateResponse:
        mandate = self._run(mandates.revoke_mandate, commands.RevokeMandate(request.mandate_id))
        return pb.RevokeMandateResponse(mandate=convert.mandate(mandate))

    def ListMandates(
        self, request: pb.ListMandatesRequest, context: Ctx
    ) -> pb.ListMandatesResponse:
        cmd = commands.ListMandates(request.include_inactive)
        granted, received = self._run(mandates.list_mandates, cmd)
        return pb.ListMandatesResponse(
            granted=[convert.mandate(m) for m in granted],
            received=[convert.mandate(m) for m in received],
        )

    def CheckMandate(
        self, request: pb.CheckMandateRequest, context: Ctx
    ) -> pb.CheckMandateResponse:
        cmd = commands.CheckMandate(
            request.mandatee_person_id, request.mandator_id, request.service_type
        )
        valid, mandate_id, reason, scope = self._run(mandates.check_mandate, cmd)
        return pb.CheckMandateResponse(
            valid=valid,
            mandate_id=mandate_id,
            reason=reason,
            all_service_types="*" in scope,
            service_types=sorted(scope - {"*"}),
        )

    # --- consents --------------------------------------------------------------------------

    def GrantConsent(
        self, request: pb.GrantConsentRequest, context: Ctx
    ) -> pb.GrantConsentResponse:
        cmd = commands.GrantConsent(
            idempotency_key=request.idempotency_key,
            department=request.department,
            document_types=list(request.document_types),
            purpose=request.purpose,
            valid_until=convert.when(request, "valid_until"),
        )
        return pb.GrantConsentResponse(
            consent=convert.consent(self._run(consents.grant_consent, cmd))
        )

    def RevokeConsent(
        self, request: pb.RevokeConsentRequest, context: Ctx
    ) -> pb.RevokeConsentResponse:
        consent = self._run(consents.revoke_consent, commands.RevokeConsent(request.consent_id))
        return pb.RevokeConsentResponse(consent=convert.consent(consent))

    def ListConsents(
        self, request: pb.ListConsentsRequest, context: Ctx
    ) -> pb.ListConsentsResponse:
        found = self._run(consents.list_consents, commands.ListConsents(request.include_inactive))
        return pb.ListConsentsResponse(consents=[convert.consent(c) for c in found])

    def CheckConsent(
        self, request: pb.CheckConsentRequest, context: Ctx
    ) -> pb.CheckConsentResponse:
        cmd = commands.CheckConsent(
            request.person_id, request.department, request.document_type, request.purpose
        )
        consent = self._run(consents.check_consent, cmd)
        if consent is None:
            return pb.CheckConsentResponse(holds=False)
        return pb.CheckConsentResponse(
            holds=True, consent_id=consent.id, valid_until=convert.ts(consent.valid_until)
        )

    # --- self-protection -------------------------------------------------------------------

    def ListRecentLogins(
        self, request: pb.ListRecentLoginsRequest, context: Ctx
    ) -> pb.ListRecentLoginsResponse:
        logins = self._run(protection.list_recent_logins, commands.ListRecentLogins(request.limit))
        return pb.ListRecentLoginsResponse(logins=[convert.login(r) for r in logins])

    def LockAccount(self, request: pb.LockAccountRequest, context: Ctx) -> pb.LockAccountResponse:
        person = self._run(protection.lock_account, commands.LockAccount(request.reason))
        return pb.LockAccountResponse(person=convert.person(person))

    def UnlockAccount(
        self, request: pb.UnlockAccountRequest, context: Ctx
    ) -> pb.UnlockAccountResponse:
        cmd = commands.UnlockAccount(
            request.person_id, request.method, request.document.type, request.document.number
        )
        person = self._run(protection.unlock_account, cmd)
        return pb.UnlockAccountResponse(person=convert.person(person))

    def UpdateContactDetails(
        self, request: pb.UpdateContactDetailsRequest, context: Ctx
    ) -> pb.UpdateContactDetailsResponse:
        cmd = commands.UpdateContactDetails(email=request.email, phone=request.phone)
        change = self._run(contacts.update_contact_details, cmd)
        return convert.contact_change(change)

    def ConfirmContactDetails(
        self, request: pb.ConfirmContactDetailsRequest, context: Ctx
    ) -> pb.ConfirmContactDetailsResponse:
        cmd = commands.ConfirmContactDetails(code=request.code)
        person = self._run(contacts.confirm_contact_details, cmd)
        return pb.ConfirmContactDetailsResponse(person=convert.person(person))

    # --- token → principal -----------------------------------------------------------------

    def ResolvePrincipal(
        self, request: pb.ResolvePrincipalRequest, context: Ctx
    ) -> pb.ResolvePrincipalResponse:
        current_principal()  # any authenticated caller but the gateway's own account
        cmd = commands.ResolvePrincipal(request.token, request.acting_for, request.service_type)
        principal = principals.resolve_principal(cmd, svc=self.svc, validator=self.validator)
        return pb.ResolvePrincipalResponse(principal=convert.principal(principal))

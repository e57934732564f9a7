"""A department integrator's first commands (`grpcurl -plaintext HOST:PORT list`, then
`describe`) work on every service as `make up` runs it: server reflection lists the service
and describes its methods."""

import pytest
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

pytestmark = pytest.mark.integration

SERVICES = {
    "identity": ("onewindow.identity.v1.Identity", "RegisterPerson"),
    "cases": ("onewindow.cases.v1.Cases", "SubmitCase"),
    "documents": ("onewindow.documents.v1.Documents", "UploadDocument"),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_reflection_lists_and_describes_the_service(window, service):
    full_name, method = SERVICES[service]
    database = ProtoReflectionDescriptorDatabase(window.channels[service])
    assert full_name in database.get_services()
    assert "grpc.health.v1.Health" in database.get_services()
    described = DescriptorPool(database).FindServiceByName(full_name)
    assert method in described.methods_by_name
    request_type = described.methods_by_name[method].input_type
    assert request_type.full_name.startswith(full_name.rsplit(".", 1)[0])

import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kit_support import create_schema, create_topic, delete_topic, drop_schema


@pytest.fixture()
def schema():
    name = f"kit_{uuid.uuid4().hex[:8]}"
    engine = create_schema(name)
    yield name, engine
    drop_schema(engine, name)


@pytest.fixture()
def topic_factory():
    made: list[str] = []

    def make(partitions: int = 1) -> str:
        made.append(create_topic(partitions))
        return made[-1]

    yield make
    for name in made:
        delete_topic(name)

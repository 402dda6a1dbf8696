"""The published OpenAPI schema gives every schema its own name.

Pydantic names an enum by its class name, and ninja builds the schema one model at a time, so
`Rotation.Status` and `PlanRun.Status` both became the component `Status` and the second
overwrote the first: the schema then refused the API's own answers. Components here are named
by their qualified name (`RotationStatus`, `PlanRunStatus`), and two different definitions under
one name stop the schema from being built instead of publishing a wrong one.
"""

from __future__ import annotations

from typing import Any

import ninja.openapi.schema
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef


class QualifiedNames(NinjaGenerateJsonSchema):
    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        defs_ref = super().get_defs_ref(core_mode_ref)
        qualname = core_mode_ref[0].rsplit(":", 1)[0].rsplit(".", 2)[-2:]
        owner, name = qualname if len(qualname) == 2 else ("", qualname[0])
        # `module.Owner.Name` (a nested enum) becomes `OwnerName`; a top-level class keeps its name.
        nested = owner[:1].isupper()
        preferred = DefsRef(self.normalize_name(owner + name if nested else name))
        choices = self._prioritized_defsref_choices[defs_ref]
        self._prioritized_defsref_choices[defs_ref] = [preferred, *choices]
        return defs_ref


class UniqueNamesSchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ImproperlyConfigured(f"Two API schemas are both named {name!r}.")
        super().add_schema_definitions(definitions)


class UniqueNamesAPI(NinjaAPI):
    """A NinjaAPI whose published schema has one definition per name."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        # Ninja's schema builder names its JSON-schema generator at module level.
        ninja.openapi.schema.NinjaGenerateJsonSchema = QualifiedNames  # type: ignore[attr-defined,misc]
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return UniqueNamesSchema(self, path_prefix)

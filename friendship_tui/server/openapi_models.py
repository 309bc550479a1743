"""Pydantic models generated from schema/, used only to describe the API in OpenAPI.

Requests are never validated by pydantic (that would answer 422 with FastAPI's body);
schema/ validates and the routes answer API.md's 400. These models exist so that
``/openapi.json`` states each type's create body, patch body, object and list page
exactly, for clients and for schemathesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PField

from ..schema import MODELS, SERVER_FIELDS, Field, FieldType, Model
from ..schema.fields import URL_MAX


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorBody(BaseModel):
    """API.md's error body: ``{"error": {"code", "message", "fields"}}``."""

    error: ErrorDetail


class ListMeta(BaseModel):
    limit: int
    offset: int
    next_after: str | None = None
    total: int | None = None


def _value_type(f: Field) -> Any:
    if f.type is FieldType.BOOL:
        return bool
    if f.type is FieldType.NUMBER:
        return Annotated[float, PField(ge=f.minimum, le=f.maximum)]
    if f.type is FieldType.TAGS:
        return list[str]
    if f.type is FieldType.ENUM:
        return Literal[f.choices]
    if f.type is FieldType.URL:
        return Annotated[str, PField(max_length=URL_MAX)]
    if f.max_length is not None:
        return Annotated[str, PField(max_length=f.max_length)]
    return str


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _describe(f: Field) -> dict[str, Any]:
    return {"description": f.help} if f.help else {}


@dataclass(frozen=True, slots=True)
class TypeModels:
    obj: type[BaseModel]
    create: type[BaseModel]
    patch: type[BaseModel]
    page: type[BaseModel]


def build_type_models(model: Model) -> TypeModels:
    base = _camel(model.name)
    allow_extra = ConfigDict(extra="allow")
    obj_fields: dict[str, Any] = {"id": (str, ...)}
    for name in SERVER_FIELDS:
        if name == "id" or model.has_field(name):
            continue
        kind: Any = bool if name == "is_archived" else str
        obj_fields[name] = (kind | None, None)
    for f in model.fields:
        obj_fields[f.name] = (_value_type(f) | None, PField(None, **_describe(f)))
    obj_fields["deleted"] = (
        bool | None,
        PField(None, description="Only on tombstones (include_deleted=1)."),
    )
    obj = create_model(f"{base}Object", __config__=allow_extra, **obj_fields)

    create_fields: dict[str, Any] = {}
    patch_fields: dict[str, Any] = {}
    for f in model.fields:
        if f.creatable:
            if f.required:
                create_fields[f.name] = (_value_type(f), PField(..., **_describe(f)))
            else:
                create_fields[f.name] = (_value_type(f) | None, PField(None, **_describe(f)))
        if f.patchable:
            patch_fields[f.name] = (_value_type(f) | None, PField(None, **_describe(f)))
    create = create_model(f"{base}Create", __config__=allow_extra, **create_fields)
    patch = create_model(f"{base}Patch", __config__=allow_extra, **patch_fields)
    page = create_model(f"{base}Page", data=(list[obj], ...), meta=(ListMeta, ...))  # type: ignore[valid-type]
    return TypeModels(obj=obj, create=create, patch=patch, page=page)


TYPE_MODELS: dict[str, TypeModels] = {name: build_type_models(m) for name, m in MODELS.items()}


def component_schemas() -> dict[str, Any]:
    """JSON schemas of the request bodies, for ``components/schemas`` (responses are
    added by FastAPI itself from the ``responses=`` declarations)."""
    out: dict[str, Any] = {}
    for models in TYPE_MODELS.values():
        for m in (models.create, models.patch):
            schema = m.model_json_schema(ref_template="#/components/schemas/{model}")
            out.update(schema.pop("$defs", {}))
            out[m.__name__] = schema
    return out

//! The OpenAPI 3.1 document at `/api/openapi.json`, generated with utoipa from the
//! handlers' `#[utoipa::path]` attributes and the response types they send.

use std::sync::LazyLock;

use axum::response::{IntoResponse, Response};
use membernet_domain::{
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
    statistics::Interval,
};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        self, HeaderBuilder, ObjectBuilder, Required,
        path::{ParameterBuilder, ParameterIn},
        schema::{Object, Type},
    },
};

use super::{ApiError, IfNoneMatch};
use crate::routes::statistics::query::StatsQuery;

/// The API's description, generated from the handlers and their response types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Membernet API",
        description = "Public, read-only figures of the network: members, countries, \
            organisations, growth, published workforce plans, events and the resource library. Every answer may be \
            fetched from any site (CORS) and cached; send its `ETag` back in \
            `If-None-Match` to get `304 Not Modified` while it is unchanged."
    ),
    paths(
        super::stats::stats,
        super::growth::growth,
        super::countries::list,
        super::countries::profile,
        super::scenarios::published,
        super::events::list,
        super::resources::list
    ),
    tags(
        (name = "statistics", description = "The network's figures and their growth"),
        (name = "countries", description = "Countries, their profiles and workforce plans"),
        (name = "events", description = "Webinars and meetings of the network"),
        (name = "library", description = "Reports, toolkits, guidance and research the network publishes"),
    ),
    modifiers(&PublicAnswers)
)]
struct ApiDoc;

/// Built on the first request, not at start-up; it never changes while the server runs.
static OPENAPI_JSON: LazyLock<Result<String, serde_json::Error>> =
    LazyLock::new(|| ApiDoc::openapi().to_json());

/// The OpenAPI 3.1 document of this API.
pub(super) async fn document(request: IfNoneMatch) -> Response {
    match &*OPENAPI_JSON {
        Ok(json) => request.answer_json(json.clone()).into_response(),
        Err(error) => ApiError::internal(error).into_response(),
    }
}

/// Documents what [`super::PublicJson`] does to every answer, in one place as it
/// does it: the `If-None-Match` request header and the `ETag`, `Cache-Control` and
/// CORS response headers.
struct PublicAnswers;

impl Modify for PublicAnswers {
    fn modify(&self, document: &mut openapi::OpenApi) {
        let if_none_match = openapi::RefOr::T(
            ParameterBuilder::new()
                .name("If-None-Match")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "The `ETag` of an earlier answer: if unchanged, `304 Not Modified`.",
                ))
                .schema(Some(string()))
                .build(),
        );
        let header = |description: &str| {
            openapi::RefOr::T(
                HeaderBuilder::new()
                    .schema(Some(string()))
                    .description(Some(description))
                    .build(),
            )
        };
        for operation in document
            .paths
            .paths
            .values_mut()
            .filter_map(|item| item.get.as_mut())
        {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(if_none_match.clone());
            // Every answer is open to other sites; errors are not cached.
            for (status, response) in &mut operation.responses.responses {
                let openapi::RefOr::T(response) = response else {
                    continue;
                };
                response.headers.insert(
                    "Access-Control-Allow-Origin".into(),
                    header("`*`: any site may read the answer."),
                );
                if !matches!(status.as_str(), "200" | "304") {
                    continue;
                }
                response.headers.insert(
                    "ETag".into(),
                    header("A tag of the answer, to send back in `If-None-Match`."),
                );
                response.headers.insert(
                    "Cache-Control".into(),
                    header("`public, max-age=300`: the answer may be kept five minutes."),
                );
            }
        }
    }
}

fn string() -> Object {
    ObjectBuilder::new().schema_type(Type::String).build()
}

/// A string schema that accepts only `codes`: the lists the query is parsed with,
/// so the document cannot offer a value the API refuses.
fn one_of(codes: impl IntoIterator<Item = &'static str>, description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .description(Some(description))
        .build()
}

// The schemas of the query's coded parameters, named in `StatsQuery`'s `#[param]`
// attributes. They live here, with the rest of the API's description; utoipa
// takes a `schema_with` parameter's description from its schema, not the field's
// doc comment.
impl StatsQuery {
    pub(crate) fn interval_schema() -> Object {
        one_of(
            Interval::ALL.map(Interval::as_str),
            "The length of each period; a query without one gets `month`.",
        )
    }

    pub(crate) fn category_schema() -> Object {
        one_of(
            WorkforceCategory::ALL
                .iter()
                .map(|category| category.code()),
            "Only members of this workforce category; at most one of `category`, \
             `sector` and `organization_type`.",
        )
    }

    pub(crate) fn sector_schema() -> Object {
        one_of(
            Sector::ALL.iter().map(|sector| sector.code()),
            "Only members working in this sector.",
        )
    }

    pub(crate) fn organization_type_schema() -> Object {
        one_of(
            OrganizationType::ALL.iter().map(|kind| kind.code()),
            "Only members of organisations of this type.",
        )
    }
}

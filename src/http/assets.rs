//! Static assets compiled into the binary, so a running mockloop needs no files beside it and
//! loads nothing from a CDN.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{AppError, RouteMap};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../assets/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/app.js"),
    },
    Asset {
        name: "vendor/htmx.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/vendor/htmx.min.js"),
    },
    Asset {
        name: "room.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/room.js"),
    },
    Asset {
        name: "replay.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/replay.js"),
    },
    Asset {
        name: "focus.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/focus.js"),
    },
    Asset {
        name: "feedback.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/feedback.js"),
    },
    Asset {
        name: "workspace.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/workspace.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../assets/favicon.svg"),
    },
];

pub fn routes() -> RouteMap {
    RouteMap::default().route("/assets/{*name}", get(asset))
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
                // Not immutable: the names carry no hash, and a new release must reach browsers.
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
            ],
            asset.body,
        )
            .into_response(),
        None => AppError::NotFound.into_response(),
    }
}

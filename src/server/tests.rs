//! The router in process: what a client on another machine is (not) shown. Over the
//! network, every test client is local, so this is where the remote case is tested.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::{router, AppState, Peer};
use crate::engine::tests::sample_index;
use crate::engine::Archive;

async fn get(path: &str, local: bool) -> (StatusCode, Value) {
    let archive = Archive::open(&sample_index().join("index")).unwrap();
    let state = Arc::new(AppState {
        archive: Arc::new(archive),
        work: tokio::sync::Semaphore::new(super::work_slots()),
        token: None,
    });
    let request = Request::builder()
        .uri(path)
        .extension(Peer { local })
        .body(Body::empty())
        .unwrap();
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), 1 << 24).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn absolute_paths_go_only_to_local_clients() {
    let id = "tribunnews/2023/putin-kim-vostochny.txt";
    for local in [true, false] {
        let (status, search) = get("/api/search?q=Vostochny", local).await;
        assert_eq!(status, StatusCode::OK);
        let hit = &search["hits"][0];
        assert_eq!(hit["id"], id);
        assert_eq!(hit.get("path").is_some(), local, "{hit}");
        if local {
            assert!(hit["path"].as_str().unwrap().ends_with(id));
        }
        let (_, article) = get(&format!("/api/articles/{id}"), local).await;
        assert_eq!(article["id"], id);
        assert_eq!(article.get("path").is_some(), local, "{article}");
        let (_, stats) = get("/api/stats", local).await;
        assert_eq!(stats["documents"], 42);
        assert_eq!(stats.get("index").is_some(), local, "{stats}");
    }
}

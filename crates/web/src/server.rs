//! The HTTP server: accepts connections, bounds how long a client may take to send
//! its request's headers, and on shutdown stops accepting, lets the requests in
//! flight finish, and gives up on them after a deadline.
//!
//! (`axum::serve` has neither a header timeout nor a deadline, so the accept loop is
//! written out over hyper's connection builder, as axum's own
//! `serve-with-hyper` example does.) The body and whole-request timeouts are layers
//! on the router (`App::router`).

use std::{convert::Infallible, future::Future, net::SocketAddr, time::Duration};

use axum::{Router, extract::ConnectInfo, extract::Request};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long clients may take, and how long shutting down may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From a connection's first byte (or the end of its previous request) to the end
    /// of the request's headers. Idle keep-alive connections are closed after it too.
    pub headers: Duration,
    /// To receive a request's whole body.
    pub body: Duration,
    /// For the whole answer; a handler still working after it is stopped (its
    /// transaction rolls back) and the client gets 408.
    pub request: Duration,
    /// After a shutdown signal: requests in flight, then background work and the
    /// email sender's current step, all within this.
    pub shutdown: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: Duration::from_secs(10),
            body: Duration::from_secs(30),
            request: Duration::from_secs(30),
            shutdown: Duration::from_secs(30),
        }
    }
}

/// Serves `router` until `shutdown` resolves, then lets the requests in flight
/// finish for at most `deadline`. Returns whether they all did.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    headers_timeout: Duration,
    shutdown: impl Future<Output = ()>,
    deadline: Duration,
) -> std::io::Result<bool> {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(headers_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request.map(axum::body::Body::new)
            })
            .map_err(|never: Infallible| match never {});
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    Ok(tokio::time::timeout(deadline, graceful.shutdown())
        .await
        .is_ok())
}

//! The deployment guide's nginx block, run: nginx in front of Membernet with the
//! very lines of `docs/deploy.md` (TLS left out: plain HTTP on a free port), and a
//! member signing in through it.
//!
//! Needs nginx (`apt-get install nginx-light`). Without it the test says so and
//! passes, unless `MEMBERNET_NGINX_TESTS=required` (as in CI), where it fails.

use std::{path::Path, process::Command, time::Duration};

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, new_client, spawn_with};

/// The lines between `# BEGIN membernet-proxy` and `# END membernet-proxy`.
fn proxy_block() -> String {
    let guide = include_str!("../../docs/deploy.md");
    let start = guide
        .find("# BEGIN membernet-proxy")
        .expect("the guide marks its proxy block");
    let end = guide.find("# END membernet-proxy").expect("…and its end");
    guide[start..end].to_owned()
}

fn nginx() -> Option<String> {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|path| Path::new(path).exists())
        .map(str::to_owned)
}

struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers too (SIGKILL would orphan them).
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_member_signs_in_through_the_guides_nginx_configuration() {
    let Some(nginx) = nginx() else {
        assert_ne!(
            std::env::var("MEMBERNET_NGINX_TESTS").as_deref(),
            Ok("required"),
            "nginx is not installed (apt-get install nginx-light)"
        );
        eprintln!("skipped: nginx is not installed");
        return;
    };
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let public = format!("http://127.0.0.1:{port}");
    let app = spawn_with(|config| {
        config.trusted_proxies =
            membernet_web::config::TrustedProxies::parse("127.0.0.1/32").unwrap();
        config.base_url = public.clone();
    })
    .await;
    // The app's own address in place of the guide's.
    let upstream = app.base_url.trim_start_matches("http://").to_owned();
    let block = proxy_block().replace("127.0.0.1:3000", &upstream);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().display().to_string();
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\n\
         events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {root}/body;\n  \
         proxy_temp_path {root}/proxy;\n  fastcgi_temp_path {root}/fastcgi;\n  \
         uwsgi_temp_path {root}/uwsgi;\n  scgi_temp_path {root}/scgi;\n  \
         server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n{block}\n  }}\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    // Workers may run as another user: let them use the directory.
    let _ = Command::new("chmod").args(["-R", "0777", &root]).status();
    let child = Command::new(&nginx)
        .args(["-p", &root, "-c", &format!("{root}/nginx.conf")])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("nginx starts");
    let _nginx = Nginx(child);

    let browser = new_client();
    let mut ready = false;
    for _ in 0..50 {
        if let Ok(response) = browser.get(format!("{public}/readyz")).send().await
            && response.status() == StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
    assert!(
        ready,
        "nginx answers /readyz through the proxy block; its log:\n{log}"
    );
    // Metrics stay inside.
    let metrics = browser
        .get(format!("{public}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::FORBIDDEN);

    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let login = browser.get(format!("{public}/login")).send().await.unwrap();
    let page = login.text().await.unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let token = &page[start..start + page[start..].find('"').unwrap()];
    let signed_in = browser
        .post(format!("{public}/login"))
        .form(&[
            ("csrf_token", token),
            ("email", "amina@ngo.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let account = browser
        .get(format!("{public}/account"))
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), StatusCode::OK);
    assert!(account.text().await.unwrap().contains("Amina Otieno"));
}

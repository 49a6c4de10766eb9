//! Campaigns at scale: how long freezing a campaign's audience takes (queuing it
//! to everyone), and what the sender itself costs per email beside the SMTP round
//! trip alone.
//!
//! Seeds a demo network of N members (all choosing the news) in a temporary SQLite
//! database (or the PostgreSQL database `MEMBERNET_BENCH_DATABASE_URL` names, which
//! must be empty), then:
//! 1. freezes a news campaign to all of them, timed beside a plain
//!    `SELECT COUNT(*)` of the same members (the naive aggregate);
//! 2. sends M of its emails through the real sender to an SMTP sink on this
//!    machine, timed beside the same M messages sent to the same sink by the same
//!    SMTP client with no database at all. Their difference is the sender's own
//!    cost per email.
//!
//!     cargo bench -p membernet-tests --bench campaigns [-- N M]     (default 100000 5000)

use std::time::{Duration, Instant};

use membernet_domain::campaigns::{CampaignInput, VersionInput};
use membernet_persistence::campaigns::{self as stored, audience};
use membernet_web::{
    app::App,
    config::{Config, Settings},
    mail::{campaigns::Written, smtp::Smtp},
    services::campaigns::sending,
};
use sea_orm::ConnectionTrait;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::{mpsc, watch},
};

/// An SMTP server that takes everything; counts messages down the channel.
async fn sink() -> anyhow::Result<(u16, mpsc::UnboundedReceiver<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            stream.set_nodelay(true).ok();
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.ok()?;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            sender.send(()).ok()?;
                            write.write_all(b"250 queued\r\n").await.ok()?;
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => return Some(()),
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    Ok((port, receiver))
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let members: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let emails: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5_000);

    let dir = tempfile::tempdir()?;
    let database_url = std::env::var("MEMBERNET_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )
    });
    let (port, mut inbox) = sink().await?;
    let mut config = Config::from_settings(Settings {
        database_url: Some(database_url),
        bind: Some("127.0.0.1:0".into()),
        ..Settings::default()
    })?;
    config.campaign_rate = u32::MAX;
    let app = App::build(config).await?;
    let services = app.state.services.clone();
    let db = services.db.clone();

    let started = Instant::now();
    membernet_web::services::demo::seed(&services, members, 1, |_| {}).await?;
    db.execute_unprepared(
        "INSERT INTO member_topic (member_id, topic, since) SELECT id, 'news', created_at \
         FROM member m WHERE NOT EXISTS \
         (SELECT 1 FROM member_topic t WHERE t.member_id = m.id AND t.topic = 'news')",
    )
    .await?;
    println!(
        "seeded {members} demo members in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let input = CampaignInput {
        topic: "news".into(),
        default_language: "en".into(),
        versions: vec![VersionInput {
            language: "en".into(),
            subject: "Network news".into(),
            body: "Hello **everyone**. See [the events](/events).\n\n- one\n- two".into(),
        }],
        time_zone: "UTC".into(),
        ..CampaignInput::default()
    };
    let draft = input.parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let now = time::OffsetDateTime::now_utc();

    // 1. Freezing the audience, beside a naive count of the same members.
    let mut counts = Vec::new();
    for _ in 0..3 {
        let began = Instant::now();
        db.execute_unprepared(
            "SELECT COUNT(*) FROM member JOIN member_topic t ON t.member_id = member.id \
             WHERE t.topic = 'news' AND member.email_verified_at IS NOT NULL",
        )
        .await?;
        counts.push(began.elapsed());
    }
    let mut freezes = Vec::new();
    let mut frozen = 0;
    let mut last = None;
    for _ in 0..3 {
        let campaign = stored::create(&db, &draft, now).await?;
        stored::schedule(&db, campaign.id, now, now).await?;
        let campaign = stored::find(&db, campaign.id).await?.expect("just made");
        let began = Instant::now();
        frozen = audience::freeze(&db, &campaign, now).await?.unwrap_or(0);
        freezes.push(began.elapsed());
        last = Some(campaign);
    }
    let (count, freeze) = (median(counts), median(freezes));
    println!(
        "queuing a campaign to {frozen} members: {:.2} s (median of 3); a naive COUNT(*) of them: {:.3} s; ratio {:.1}",
        freeze.as_secs_f64(),
        count.as_secs_f64(),
        freeze.as_secs_f64() / count.as_secs_f64().max(1e-9)
    );

    // 2. The SMTP round trip alone: the same client, the same message, no database.
    let mut smtp = Smtp::new(&format!("smtp://127.0.0.1:{port}")).expect("a usable URL");
    let written = Written::new(
        &draft.versions[0],
        "campaigns.topic.news",
        "https://net.example",
    );
    let url = "https://net.example/unsubscribe?token=1.news.1.x";
    let email = written.for_recipient(url);
    let began = Instant::now();
    for n in 0..emails {
        let message = membernet_web::mail::campaigns::message(
            "Net <no-reply@net.example>",
            &format!("bench{n}@example.org"),
            &email,
            url,
            format!("<bench{n}@net.example>"),
        )?;
        smtp.send(message).await?;
        inbox.recv().await;
    }
    let alone = began.elapsed().as_secs_f64() / emails as f64;

    // The sender: claims, checks consent, writes each email, sends, marks.
    let campaign = last.expect("a campaign");
    let _ = campaign;
    let mut sender_services = services.clone();
    let mut with_smtp = (*sender_services.config).clone();
    with_smtp.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    sender_services.config = std::sync::Arc::new(with_smtp);
    let (_stop, stopped) = watch::channel(false);
    let began = Instant::now();
    let task = tokio::spawn(sending::run(sender_services, stopped));
    for _ in 0..emails {
        inbox.recv().await;
    }
    let through_sender = began.elapsed().as_secs_f64() / emails as f64;
    task.abort();
    println!(
        "per email over SMTP on this machine: {:.3} ms alone, {:.3} ms through the sender; \
         the sender's own cost {:.3} ms ({:.0}% of the round trip)",
        alone * 1e3,
        through_sender * 1e3,
        (through_sender - alone) * 1e3,
        (through_sender - alone) / alone * 100.0
    );
    Ok(())
}

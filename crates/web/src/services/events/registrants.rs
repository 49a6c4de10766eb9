//! Staff after the event: the registrants, their export, attendance, counts.

use super::*;

pub async fn registrants(
    services: &Services,
    event: &Event,
    search: Option<&str>,
) -> Result<Vec<Registration>> {
    Ok(events::registrants(&services.db, event.id, search).await?)
}

/// The registrants as CSV, the export written in the audit log first.
pub async fn export_registrants(services: &Services, by: Actor, event: &Event) -> Result<String> {
    let rows = events::registrants(&services.db, event.id, None).await?;
    staff_audit::record(
        &services.db,
        staff_audit::Entry {
            actor: by,
            action: staff_audit::EXPORT_REGISTRANTS,
            subject: None,
            detail: &format!("event={}", event.slug),
            rows: Some(rows.len() as u64),
        },
        OffsetDateTime::now_utc(),
    )
    .await?;
    let mut out = csv::line(&[
        "name",
        "email",
        "country",
        "status",
        "registered_at",
        "attended",
    ]);
    for row in &rows {
        out.push_str(&csv::line(&[
            row.name.as_str(),
            row.email.as_str(),
            row.country.as_deref().unwrap_or(""),
            row.status.code(),
            &row.created_at.date().to_string(),
            if row.attended { "yes" } else { "no" },
        ]));
    }
    Ok(out)
}

pub async fn set_attendance(
    services: &Services,
    event: &Event,
    attended: &[RegistrationId],
) -> Result<()> {
    events::set_attendance(&services.db, event.id, attended, OffsetDateTime::now_utc()).await?;
    Ok(())
}

/// What an attendee file matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched {
    pub addresses: u64,
    pub matched: u64,
}

/// Marks as attended everyone whose address is in `file`, the attendee list a
/// webinar tool exports (CSV: any column holding addresses).
pub async fn import_attendance(services: &Services, event: &Event, file: &str) -> Result<Matched> {
    let addresses = membernet_domain::events::attendee_addresses(file);
    let matched = events::mark_attended_by_email(
        &services.db,
        event.id,
        &addresses,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Matched {
        addresses: addresses.len() as u64,
        matched,
    })
}

/// Registrations with a seat and attendance by country.
pub async fn by_country(
    services: &Services,
    event: &Event,
) -> Result<Vec<(Option<CountryCode>, u64, u64)>> {
    let rows = events::by_country(&services.db, event.id).await?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|(country, registered, attended)| {
            (
                country.and_then(|code| CountryCode::parse(&code).ok()),
                registered,
                attended,
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(rows)
}

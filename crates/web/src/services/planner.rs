//! The workforce planner: a country's plan from the inputs sent (or, on a first
//! visit, from the country's own figures), and the scenarios staff save, publish,
//! withdraw and delete. A scenario is stored as the planner's query string, in the
//! form's order, so its link is the canonical one.

use membernet_domain::{
    CountryCode, MemberId,
    planner::{
        Assumed, Plan, PlanInputs, PlannerError, RawPlanInputs, ScenarioName, first_visit, plan,
    },
};
use membernet_persistence::{
    countries,
    scenarios::{self, Scenario},
};
use time::OffsetDateTime;

use super::{Error, Result, Services};

/// The planner's form with what it gives.
pub struct Calculation {
    /// The inputs as sent, or prefilled on a first visit.
    pub form: RawPlanInputs,
    /// The inputs parsed, and their plan, when they make one.
    pub plan: Option<(PlanInputs, Plan)>,
    /// What is wrong with the inputs sent, field by field, in the form's order. None
    /// on a first visit: when the country's figures are not enough for a plan, the
    /// form waits for the rest without complaints.
    pub problems: Vec<(&'static str, PlannerError)>,
    /// On a first visit, the fields filled with defaults rather than the country's
    /// figures (the page says which).
    pub assumed: Vec<Assumed>,
}

/// The plan for `code` from the inputs `sent`, or from the country's own figures
/// when nothing was sent.
pub async fn calculate(
    services: &Services,
    code: CountryCode,
    sent: Option<RawPlanInputs>,
    now: OffsetDateTime,
) -> Result<Calculation> {
    let submitted = sent.is_some();
    let (form, assumed) = match sent {
        Some(form) => (form, Vec::new()),
        None => prefilled(services, code, now).await?,
    };
    let (plan, problems) = match form.parse(now.year()) {
        Ok(inputs) => {
            let plan = plan(&inputs);
            (Some((inputs, plan)), Vec::new())
        }
        Err(problems) if submitted => (None, problems),
        Err(_) => (None, Vec::new()),
    };
    Ok(Calculation {
        form,
        plan,
        problems,
        assumed,
    })
}

/// What the country's own figures give (population, today's workforce), with
/// stated defaults for the rest.
async fn prefilled(
    services: &Services,
    code: CountryCode,
    now: OffsetDateTime,
) -> Result<(RawPlanInputs, Vec<Assumed>)> {
    let workforce = countries::workforce(&services.db, code).await?;
    Ok(first_visit(
        code.country().population,
        workforce.map(|figure| figure.workers),
        now.year(),
    ))
}

/// The inputs as a query string, every field in the form's order.
pub fn query_string(inputs: &RawPlanInputs) -> String {
    serde_urlencoded::to_string(inputs).unwrap_or_default()
}

/// A country's scenarios, newest first: the published ones, or all for staff.
pub async fn scenarios(
    services: &Services,
    code: CountryCode,
    with_unpublished: bool,
) -> Result<Vec<Scenario>> {
    Ok(scenarios::for_country(&services.db, code, with_unpublished).await?)
}

pub enum Saved {
    /// Saved, with its inputs as stored (the query string of its link).
    Saved { inputs: String },
    /// The inputs do not make a plan.
    Invalid,
}

/// Staff save the plan `inputs` for `code` as `name`.
pub async fn save_scenario(
    services: &Services,
    code: CountryCode,
    name: &ScenarioName,
    inputs: &RawPlanInputs,
    by: MemberId,
) -> Result<Saved> {
    let now = OffsetDateTime::now_utc();
    if inputs.parse(now.year()).is_err() {
        return Ok(Saved::Invalid);
    }
    let inputs = query_string(inputs);
    scenarios::save(&services.db, code, name.as_str(), &inputs, by, now).await?;
    Ok(Saved::Saved { inputs })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Publish,
    Withdraw,
    Delete,
}

/// Publishes, withdraws or deletes scenario `id` of `code`.
pub async fn change_scenario(
    services: &Services,
    code: CountryCode,
    id: i64,
    change: Change,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let db = &services.db;
    let found = match change {
        Change::Publish => scenarios::set_published(db, code, id, true, now).await?,
        Change::Withdraw => scenarios::set_published(db, code, id, false, now).await?,
        Change::Delete => scenarios::delete(db, code, id).await?,
    };
    if found { Ok(()) } else { Err(Error::NotFound) }
}

//! The deterministic seed of the demo org: users, the demo External Client App and sample records
//! of every object, including names that stress escaping and numbers that a binary float rounds.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use time::{Date, Duration, OffsetDateTime, macros::datetime};

use super::schema::{ObjectDef, SCHEMA};
use super::store::Store;
use super::value::Value;
use crate::faults::Faults;
use crate::ids::salesforce_id;
use crate::org::{ClientApp, Org, OrgUser};
use crate::rest::cursors::Cursors;

/// The moment the seeded records were created; later audit stamps count from here.
const SEED_EPOCH: OffsetDateTime = datetime!(2025-01-06 09:00:00 UTC);

/// Number of Contacts in the demo org, enough for three pages of 2,000 records.
pub const DEMO_CONTACT_COUNT: usize = 6_000;

/// Accounts of the demo org. Some names need escaping in SOQL or are not ASCII.
const ACCOUNT_NAMES: &[&str] = &[
    "Acme Corporation",
    "Globex Industries",
    "Initech",
    "Umbrella Holdings",
    "Stark Manufacturing",
    "Wayne Enterprises",
    "O'Dell & Sons",
    "C:\\temp Archive Services",
    "Córdoba Energía",
    "Rådgivning Nord AS",
    "Zürich Versicherungs-Gruppe",
    "Anne-Marie Boutique",
    "50%_off Outlet",
    "Blue Yonder Airlines",
    "Contoso Pharmaceuticals",
    "Fabrikam Retail",
    "Northwind Traders",
    "Tailspin Toys",
    "Wide World Importers",
    "Adventure Works Cycles",
    "Litware Labs",
    "Proseware Analytics",
    "Datum Education",
    "Lucerne Publishing",
    "Margie's Travel",
    "Trey Research",
    "Woodgrove Bank",
    "Coho Winery",
    "東京 Trading KK",
    "Alpine Ski House",
];

/// Accounts that sit in the recycle bin.
const DELETED_ACCOUNT_NAMES: &[&str] = &[
    "Obsolete Widgets Ltd",
    "Duplicate Acme Corp",
    "Test Account (delete me)",
];

/// How many Accounts, counted from the start of `ACCOUNT_NAMES`, get Contacts. The rest have
/// none, so child subqueries on them come back `null`.
const ACCOUNTS_WITH_CONTACTS: usize = 26;

const CITIES: &[(&str, &str)] = &[
    ("San Francisco", "USA"),
    ("Córdoba", "Argentina"),
    ("Zürich", "Switzerland"),
    ("Oslo", "Norway"),
    ("London", "United Kingdom"),
    ("Tokyo", "Japan"),
    ("München", "Germany"),
    ("São Paulo", "Brazil"),
    ("Toronto", "Canada"),
    ("Kraków", "Poland"),
];

const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Björn",
    "Chloé",
    "Dmitri",
    "Elif",
    "François",
    "Grace",
    "Hiroshi",
    "Inés",
    "Jamal",
    "Katarzyna",
    "Liam",
    "Marie-Pier",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Vikram",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
];

const LAST_NAMES: &[&str] = &[
    "Anderson",
    "Bergström",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Hansen",
    "Ivanova",
    "Johnson",
    "Kowalski",
    "López",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schäfer",
    "Tanaka",
    "Umarov",
    "Virtanen",
    "Wójcik",
    "Xu",
    "Yılmaz",
    "Zhang",
];

const INDUSTRIES: &[&str] = &[
    "Technology",
    "Manufacturing",
    "Banking",
    "Retail",
    "Energy",
    "Consulting",
    "Education",
    "Agriculture",
];

const STAGES: &[&str] = &[
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
];

/// Opportunity amounts as decimal text. The first two lose digits when read as an f64
/// (`99999999999999.99` becomes `99999999999999.98`).
const AMOUNTS: &[&str] = &[
    "99999999999999.99",
    "12345678901234.57",
    "15000",
    "250000.5",
    "1234.56",
    "0.01",
    "87000",
    "4200",
];

/// The fixed identities and credentials of a seeded org.
pub struct OrgSpec<'a> {
    pub org_index: u64,
    pub domain: &'a str,
    pub name: &'a str,
    pub pod: char,
    pub admin_username: &'a str,
    pub admin_password: &'a str,
    pub apps: Vec<ClientApp>,
}

/// The fields of a `User` record that differ between users.
pub struct UserRecord<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub alias: &'a str,
    pub title: &'a str,
    pub created: OffsetDateTime,
}

/// Stores a `User` record and returns its id. `created_by` is the admin's id, or `None` for the
/// admin itself, who is then stamped as its own creator.
pub fn insert_user(store: &mut Store, user: &UserRecord<'_>, created_by: Option<&str>) -> String {
    let user_object = object("User");
    let id = store.next_id(user_object);
    let created = Value::DateTime(user.created);
    let creator = Value::text(created_by.unwrap_or(&id));
    let fields = HashMap::from([
        ("Username", Value::text(user.username)),
        ("FirstName", Value::text(user.first_name)),
        ("LastName", Value::text(user.last_name)),
        (
            "Name",
            Value::text(format!("{} {}", user.first_name, user.last_name)),
        ),
        ("Email", Value::text(user.username)),
        ("Alias", Value::text(user.alias)),
        ("IsActive", Value::Bool(true)),
        ("Title", Value::text(user.title)),
        ("TimeZoneSidKey", Value::text("Europe/Zurich")),
        ("LocaleSidKey", Value::text("en_US")),
        ("LanguageLocaleKey", Value::text("en_US")),
        ("CreatedDate", created.clone()),
        ("LastModifiedDate", created.clone()),
        ("SystemModstamp", created),
        ("CreatedById", creator.clone()),
        ("LastModifiedById", creator),
    ]);
    store.insert_with_id(user_object, id.clone(), fields);
    id
}

/// Builds a fully seeded org from its identities.
pub fn seed_org(spec: OrgSpec<'_>) -> Org {
    let mut store = Store::new(spec.pod);
    let users = seed_users(&mut store, &spec);
    let user_ids: Vec<String> = users.iter().map(|user| user.id.clone()).collect();
    let mut seeder = Seeder {
        store,
        user_ids,
        random: Lcg(spec.org_index.wrapping_mul(7919) + 17),
    };
    let accounts = seeder.accounts();
    let contacts = seeder.contacts(&accounts);
    let opportunities = seeder.opportunities(&accounts);
    let leads = seeder.leads();
    let cases = seeder.cases(&accounts, &contacts);
    seeder.tasks(&contacts, &leads, &opportunities, &cases);
    seeder.events(&contacts, &accounts);
    seeder.invoices(&accounts);
    let next_case_number = 1_001 + cases.len() as u64;
    Org {
        id: salesforce_id("00D", spec.pod, spec.org_index),
        domain: spec.domain.to_owned(),
        name: spec.name.to_owned(),
        users,
        apps: spec.apps,
        store: seeder.store,
        api_requests: 0,
        api_limit: 5_000,
        faults: Faults::default(),
        cursors: Cursors::default(),
        next_case_number,
    }
}

fn object(name: &str) -> &'static ObjectDef {
    SCHEMA
        .object(name)
        .expect("the seed names only objects of the schema")
}

fn seed_users(store: &mut Store, spec: &OrgSpec<'_>) -> Vec<OrgUser> {
    let people = [
        (
            "Alex",
            "Admin",
            spec.admin_username,
            "aadmin",
            "System Administrator",
        ),
        ("Sofia", "Sales", "", "ssales", "Account Executive"),
        ("Ivan", "Integration", "", "iintegr", "Integration User"),
    ];
    let mut users: Vec<OrgUser> = Vec::new();
    for (position, (first, last, username, alias, title)) in people.into_iter().enumerate() {
        let username = if username.is_empty() {
            format!(
                "{}.{}@{}.example",
                first.to_lowercase(),
                last.to_lowercase(),
                spec.domain
            )
        } else {
            username.to_owned()
        };
        let record = UserRecord {
            username: &username,
            first_name: first,
            last_name: last,
            alias,
            title,
            created: SEED_EPOCH - Duration::days(400),
        };
        let admin_id = users.first().map(|admin| admin.id.clone());
        let id = insert_user(store, &record, admin_id.as_deref());
        let (password, profile) = if position == 0 {
            (spec.admin_password.to_owned(), "System Administrator")
        } else {
            (format!("{alias}-Password1"), "Standard User")
        };
        users.push(OrgUser {
            id,
            username,
            password,
            profile: profile.to_owned(),
            app_access: true,
        });
    }
    users
}

/// Objects that `bulk_insert` can fill.
pub const BULK_OBJECTS: &[&str] = &["Account", "Invoice__c"];

/// Stores `count` generated records of `object_name` (one of `BULK_OBJECTS`) owned by `owner_id`,
/// and returns the object's API name and the new ids in insertion order. Each record is named by
/// its position among all the object's records in the org, seeded ones included, in six digits (`Bulk Account 000001`,
/// `BULK-000001`), so a test can pick one by name.
pub fn bulk_insert(
    store: &mut Store,
    object_name: &str,
    count: usize,
    owner_id: &str,
) -> Option<(&'static str, Vec<String>)> {
    let object = SCHEMA
        .object(object_name)
        .filter(|object| BULK_OBJECTS.contains(&object.name))?;
    let already = store.records(object.name).len();
    let mut ids = Vec::with_capacity(count);
    for offset in 0..count {
        let sequence = already + offset + 1;
        let created = SEED_EPOCH + Duration::minutes(sequence as i64);
        let mut fields: HashMap<&'static str, Value> = HashMap::from([
            ("OwnerId", Value::text(owner_id)),
            ("CreatedById", Value::text(owner_id)),
            ("LastModifiedById", Value::text(owner_id)),
            ("CreatedDate", Value::DateTime(created)),
            ("LastModifiedDate", Value::DateTime(created)),
            ("SystemModstamp", Value::DateTime(created)),
        ]);
        if object.name == "Account" {
            let (city, country) = CITIES[sequence % CITIES.len()];
            fields.insert("Name", Value::text(format!("Bulk Account {sequence:06}")));
            fields.insert("Type", Value::text("Customer - Direct"));
            fields.insert("BillingCity", Value::text(city));
            fields.insert("BillingCountry", Value::text(country));
            fields.insert(
                "Industry",
                Value::text(INDUSTRIES[sequence % INDUSTRIES.len()]),
            );
            fields.insert(
                "NumberOfEmployees",
                Value::Number(Decimal::from(sequence % 5_000)),
            );
        } else {
            fields.insert("Name", Value::text(format!("BULK-{sequence:06}")));
            fields.insert(
                "Invoice_Number__c",
                Value::text(format!("BULK-{sequence:06}")),
            );
            fields.insert("Amount__c", Value::Number(Decimal::from(sequence % 10_000)));
            fields.insert(
                "Status__c",
                Value::text(["Draft", "Sent", "Paid"][sequence % 3]),
            );
        }
        ids.push(store.insert(object, fields));
    }
    Some((object.name, ids))
}

/// A small linear congruential generator, so the seed is the same on every start.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Seeder {
    store: Store,
    user_ids: Vec<String>,
    random: Lcg,
}

fn decimal(text: &str) -> Value {
    Value::Number(Decimal::from_str(text).expect("seed numbers are valid decimals"))
}

fn date(year: i32, day_of_year: u16) -> Value {
    let date = Date::from_ordinal_date(year, day_of_year.clamp(1, 365))
        .expect("seed dates are valid ordinal dates");
    Value::Date(date)
}

impl Seeder {
    /// Stores a record with audit fields that advance one hour per record of its object.
    fn insert(
        &mut self,
        object_name: &str,
        sequence: usize,
        fields: Vec<(&'static str, Value)>,
    ) -> String {
        let object = object(object_name);
        let owner = self.user_ids[sequence % self.user_ids.len()].clone();
        let admin = self.user_ids[0].clone();
        let created = SEED_EPOCH + Duration::hours(sequence as i64);
        let modified = created + Duration::days((sequence % 30) as i64);
        let mut map: HashMap<&'static str, Value> = fields.into_iter().collect();
        map.insert("OwnerId", Value::text(owner));
        map.insert("CreatedById", Value::text(&admin));
        map.insert("LastModifiedById", Value::text(&admin));
        map.insert("CreatedDate", Value::DateTime(created));
        map.insert("LastModifiedDate", Value::DateTime(modified));
        map.insert("SystemModstamp", Value::DateTime(modified));
        self.store.insert(object, map)
    }

    fn accounts(&mut self) -> Vec<String> {
        let mut ids = Vec::new();
        for (position, name) in ACCOUNT_NAMES.iter().enumerate() {
            let (city, country) = CITIES[position % CITIES.len()];
            let industry = INDUSTRIES[position % INDUSTRIES.len()];
            let mut fields = vec![
                ("Name", Value::text(*name)),
                (
                    "Type",
                    Value::text(if position % 3 == 0 {
                        "Prospect"
                    } else {
                        "Customer - Direct"
                    }),
                ),
                (
                    "BillingStreet",
                    Value::text(format!("{} Market Street", 100 + position)),
                ),
                ("BillingCity", Value::text(city)),
                ("BillingCountry", Value::text(country)),
                (
                    "Phone",
                    Value::text(format!("+1 415 555 {:04}", 1000 + position)),
                ),
                (
                    "Website",
                    Value::text(format!("https://www{position}.example.com")),
                ),
                ("Industry", Value::text(industry)),
                (
                    "NumberOfEmployees",
                    Value::Number(Decimal::from(10 + position * 37)),
                ),
                (
                    "Tier__c",
                    Value::text(["Gold", "Silver", "Bronze"][position % 3]),
                ),
                (
                    "Regions__c",
                    Value::text(["EMEA;AMER", "APAC", "EMEA", "AMER;LATAM;APAC"][position % 4]),
                ),
                (
                    "Customer_Since__c",
                    date(2015 + (position % 10) as i32, 1 + (position * 11) as u16),
                ),
            ];
            // Every fourth account leaves optional fields empty, so queries meet nulls.
            if position % 4 == 3 {
                fields.push(("AnnualRevenue", Value::Null));
                fields.push(("Description", Value::Null));
            } else {
                fields.push((
                    "AnnualRevenue",
                    decimal(&format!("{}", 250_000 * (position + 1))),
                ));
                fields.push((
                    "Description",
                    Value::text(format!("{name} is a demo account.")),
                ));
            }
            ids.push(self.insert("Account", position, fields));
        }
        // The second account is the parent of the third, so parent paths have something to find.
        if let Some(record) = self.store.get_mut(&ids[2]) {
            record.fields.insert("ParentId", Value::text(&ids[1]));
        }
        for (offset, name) in DELETED_ACCOUNT_NAMES.iter().enumerate() {
            let sequence = ACCOUNT_NAMES.len() + offset;
            let id = self.insert("Account", sequence, vec![("Name", Value::text(*name))]);
            self.store
                .delete(&id, SEED_EPOCH + Duration::days(60 + offset as i64));
        }
        ids
    }

    fn contacts(&mut self, accounts: &[String]) -> Vec<String> {
        let mut ids = Vec::with_capacity(DEMO_CONTACT_COUNT);
        for position in 0..DEMO_CONTACT_COUNT {
            let first = FIRST_NAMES[position % FIRST_NAMES.len()];
            let last = LAST_NAMES[(position / FIRST_NAMES.len() + position) % LAST_NAMES.len()];
            let (city, country) = CITIES[position % CITIES.len()];
            // Every 97th contact is private (no account), as real orgs have some.
            let account = if position % 97 == 96 {
                Value::Null
            } else {
                Value::text(&accounts[position % ACCOUNTS_WITH_CONTACTS])
            };
            let email_local: String = format!("{}.{}{}", first, last, position)
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let title = self
                .random
                .pick(&["CEO", "CTO", "Buyer", "Engineer", "Analyst"]);
            let fields = vec![
                ("AccountId", account),
                ("FirstName", Value::text(first)),
                ("LastName", Value::text(last)),
                ("Name", Value::text(format!("{first} {last}"))),
                ("MailingCity", Value::text(city)),
                ("MailingCountry", Value::text(country)),
                (
                    "Phone",
                    Value::text(format!("+41 44 555 {:04}", position % 10_000)),
                ),
                ("Email", Value::text(format!("{email_local}@example.com"))),
                ("Title", Value::text(title)),
                (
                    "Birthdate",
                    date(1960 + (position % 40) as i32, 1 + (position % 365) as u16),
                ),
                (
                    "LeadSource",
                    Value::text(["Web", "Phone Inquiry", "Partner Referral"][position % 3]),
                ),
            ];
            ids.push(self.insert("Contact", position, fields));
        }
        ids
    }

    fn opportunities(&mut self, accounts: &[String]) -> Vec<String> {
        let mut ids = Vec::new();
        for position in 0..40 {
            let stage = STAGES[position % STAGES.len()];
            let amount = if position % 9 == 8 {
                Value::Null
            } else {
                decimal(AMOUNTS[position % AMOUNTS.len()])
            };
            let account = &accounts[position % 20];
            let closed = stage.starts_with("Closed");
            let fields = vec![
                ("AccountId", Value::text(account)),
                (
                    "Name",
                    Value::text(format!(
                        "Deal {:02} - {}",
                        position + 1,
                        ACCOUNT_NAMES[position % 20]
                    )),
                ),
                ("StageName", Value::text(stage)),
                ("Amount", amount),
                (
                    "Probability",
                    decimal(&format!("{}", (position % STAGES.len()) * 15)),
                ),
                (
                    "CloseDate",
                    date(2024 + (position % 2) as i32, 10 + (position * 9) as u16),
                ),
                (
                    "Type",
                    Value::text(if position % 2 == 0 {
                        "New Business"
                    } else {
                        "Existing Business"
                    }),
                ),
                ("IsClosed", Value::Bool(closed)),
                ("IsWon", Value::Bool(stage == "Closed Won")),
            ];
            ids.push(self.insert("Opportunity", position, fields));
        }
        ids
    }

    fn leads(&mut self) -> Vec<String> {
        let mut ids = Vec::new();
        for position in 0..30 {
            let first = FIRST_NAMES[(position * 5) % FIRST_NAMES.len()];
            let last = LAST_NAMES[(position * 7) % LAST_NAMES.len()];
            let (city, country) = CITIES[(position * 3) % CITIES.len()];
            let status = [
                "Open - Not Contacted",
                "Working - Contacted",
                "Closed - Converted",
                "Closed - Not Converted",
            ][position % 4];
            let fields = vec![
                ("FirstName", Value::text(first)),
                ("LastName", Value::text(last)),
                ("Name", Value::text(format!("{first} {last}"))),
                ("Company", Value::text(format!("{last} Holdings"))),
                ("Title", Value::text("Head of Operations")),
                ("City", Value::text(city)),
                ("Country", Value::text(country)),
                ("Email", Value::text(format!("lead{position}@example.org"))),
                ("Status", Value::text(status)),
                (
                    "LeadSource",
                    Value::text(["Web", "Purchased List", "Other"][position % 3]),
                ),
                ("Rating", Value::text(["Hot", "Warm", "Cold"][position % 3])),
                ("IsConverted", Value::Bool(status == "Closed - Converted")),
                (
                    "Interests__c",
                    Value::text(
                        [
                            "Analytics;Security",
                            "Integration",
                            "Mobile;Analytics",
                            "Security",
                        ][position % 4],
                    ),
                ),
            ];
            ids.push(self.insert("Lead", position, fields));
        }
        ids
    }

    fn cases(&mut self, accounts: &[String], contacts: &[String]) -> Vec<String> {
        let mut ids = Vec::new();
        for position in 0..20 {
            let status = ["New", "Working", "Escalated", "Closed"][position % 4];
            let contact = &contacts[position];
            let account = self
                .store
                .get(contact)
                .map(|record| record.get("AccountId"))
                .unwrap_or(Value::text(&accounts[0]));
            let mut fields = vec![
                (
                    "CaseNumber",
                    Value::text(format!("{:08}", 1_001 + position)),
                ),
                ("ContactId", Value::text(contact)),
                ("AccountId", account),
                (
                    "Type",
                    Value::text(["Question", "Problem", "Feature Request"][position % 3]),
                ),
                ("Status", Value::text(status)),
                (
                    "Origin",
                    Value::text(["Phone", "Email", "Web"][position % 3]),
                ),
                (
                    "Subject",
                    Value::text(format!("Sync fails for batch {}", position + 1)),
                ),
                (
                    "Priority",
                    Value::text(["High", "Medium", "Low"][position % 3]),
                ),
                ("IsClosed", Value::Bool(status == "Closed")),
            ];
            if status == "Closed" {
                fields.push((
                    "ClosedDate",
                    Value::DateTime(SEED_EPOCH + Duration::days(position as i64)),
                ));
            }
            ids.push(self.insert("Case", position, fields));
        }
        ids
    }

    fn tasks(
        &mut self,
        contacts: &[String],
        leads: &[String],
        opportunities: &[String],
        cases: &[String],
    ) {
        for position in 0..24 {
            let who = if position % 3 == 2 {
                &leads[position]
            } else {
                &contacts[position]
            };
            let what = match position % 3 {
                0 => Value::text(&opportunities[position]),
                1 => Value::text(&cases[position % cases.len()]),
                _ => Value::Null,
            };
            let status = ["Not Started", "In Progress", "Completed"][position % 3];
            let fields = vec![
                ("WhoId", Value::text(who)),
                ("WhatId", what),
                (
                    "Subject",
                    Value::text(["Call", "Email", "Send Quote", "Follow up"][position % 4]),
                ),
                ("ActivityDate", date(2025, 10 + (position * 5) as u16)),
                ("Status", Value::text(status)),
                (
                    "Priority",
                    Value::text(["High", "Normal", "Low"][position % 3]),
                ),
                ("IsClosed", Value::Bool(status == "Completed")),
            ];
            self.insert("Task", position, fields);
        }
    }

    fn events(&mut self, contacts: &[String], accounts: &[String]) {
        for position in 0..12 {
            let start = SEED_EPOCH + Duration::days(position as i64 * 3) + Duration::hours(1);
            let fields = vec![
                ("WhoId", Value::text(&contacts[position * 2])),
                ("WhatId", Value::text(&accounts[position])),
                (
                    "Subject",
                    Value::text(["Meeting", "Demo", "Lunch"][position % 3]),
                ),
                ("Location", Value::text(CITIES[position % CITIES.len()].0)),
                ("ActivityDate", Value::Date(start.date())),
                ("ActivityDateTime", Value::DateTime(start)),
                ("StartDateTime", Value::DateTime(start)),
                (
                    "EndDateTime",
                    Value::DateTime(start + Duration::minutes(60)),
                ),
                ("DurationInMinutes", Value::Number(Decimal::from(60))),
                ("IsAllDayEvent", Value::Bool(false)),
            ];
            self.insert("Event", position, fields);
        }
    }

    fn invoices(&mut self, accounts: &[String]) {
        for position in 0..10 {
            // Two invoices share a legacy reference, so an upsert on it matches several records.
            let legacy = if position < 2 {
                "LEG-7".to_owned()
            } else {
                format!("LEG-{}", 100 + position)
            };
            let fields = vec![
                ("Name", Value::text(format!("INV-{:04}", position + 1))),
                ("Account__c", Value::text(&accounts[position])),
                ("Amount__c", decimal(AMOUNTS[position % AMOUNTS.len()])),
                (
                    "Status__c",
                    Value::text(["Draft", "Sent", "Paid"][position % 3]),
                ),
                ("Due_Date__c", date(2025, 40 + (position * 10) as u16)),
                (
                    "Invoice_Number__c",
                    Value::text(format!("INV-{:04}", position + 1)),
                ),
                ("Legacy_Ref__c", Value::text(legacy)),
            ];
            self.insert("Invoice__c", position, fields);
        }
    }
}

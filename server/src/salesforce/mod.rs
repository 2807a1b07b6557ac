//! Salesforce clients: the OAuth 2.0 Web Server flow with PKCE, the REST API, and their errors.

pub mod api_usage;
pub mod composite;
pub mod error;
pub mod error_class;
pub mod http;
pub mod instance_url;
pub mod oauth;
pub mod pkce;
pub mod records;
mod response;
pub mod rest;
pub mod rest_error;
pub mod rest_models;
pub mod soql;
mod token;

pub use api_usage::ApiUsage;
pub use composite::{
    CompositeRequest, CompositeResponse, CompositeSubrequest, CompositeSubresponse,
};
pub use error::{ErrorClass, QueryErrorPosition, RestError, SalesforceError, classify_oauth_error};
pub use http::build_http_client;
pub use instance_url::InstanceUrl;
pub use oauth::{AuthorizeRequest, OAuthApp, TokenResponse};
pub use pkce::{code_challenge_s256, new_code_verifier};
pub use records::{SaveResult, UpsertOutcome};
pub use rest::{ApiVersion, QueryPage, RestClient, UserInfo, newest_version};

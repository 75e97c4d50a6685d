using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Ambient.Supervisor.Security;

/// <summary>
/// Sign-in through an OpenID Connect provider (authorization code with PKCE): the provider's ID token names the person
/// and their groups; an operator group makes them an operator, else a viewer group (or any, when none is listed) a
/// viewer, else they are refused. The session is then the console's own cookie, as after a token sign-in.
/// </summary>
internal static class OidcSignIn
{
    /// <summary>The scheme's name, and the path a browser starts at: <c>/signin/oidc</c>.</summary>
    public const string Scheme = "oidc";

    // Who the person is; their groups come with the ID token as the provider is configured to put them there.
    private static readonly string[] Scopes = ["openid", "profile", "email"];

    public static AuthenticationBuilder AddConsoleOidc(this AuthenticationBuilder authentication, ConsoleOidcOptions options) =>
        authentication.AddOpenIdConnect(Scheme, options.DisplayName, oidc =>
        {
            oidc.Authority = options.Authority;
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = options.ClientSecret;
            oidc.RequireHttpsMetadata = options.RequireHttps;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // A plain redirect back (not a cross-site form post), so the correlation cookies can be Lax, not None.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.Scope.Clear();
            foreach (var scope in Scopes)
            {
                oidc.Scope.Add(scope);
            }

            foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            oidc.Events.OnTokenValidated = context =>
            {
                if (IdentityOf(context.Principal, options) is { } identity)
                {
                    context.Principal = new ClaimsPrincipal(identity);
                }
                else
                {
                    context.Fail("not in any of the console's groups");
                }

                return Task.CompletedTask;
            };
            // Whatever went wrong at the provider or on the way back: the sign-in page says so, without the details.
            oidc.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/signin?failed=oidc");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });

    /// <summary>The console identity of a person the provider signed in, or null when none of their groups may use the console.</summary>
    internal static ClaimsIdentity? IdentityOf(ClaimsPrincipal? principal, ConsoleOidcOptions options)
    {
        if (principal is null)
        {
            return null;
        }

        var groups = principal.FindAll(options.GroupsClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var role = options.OperatorGroups.Any(groups.Contains) ? ConsoleRoles.Operator
            : options.ViewerGroups.Count == 0 || options.ViewerGroups.Any(groups.Contains) ? ConsoleRoles.Viewer
            : null;
        var name = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("email")?.Value ?? principal.FindFirst("name")?.Value
            ?? principal.FindFirst("sub")?.Value;
        return role is null || name is null
            ? null
            : new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

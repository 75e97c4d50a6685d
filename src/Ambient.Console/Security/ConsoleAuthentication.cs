using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Ambient.Supervisor.Security;

/// <summary>
/// Sign-in for the console: a browser signs in once on <c>/signin</c> with a token and gets an HTTP-only, same-site
/// cookie; a script sends <c>Authorization: Bearer &lt;token&gt;</c>. Every page needs one or the other; actions need
/// the operator's token. A page request without either is sent to the sign-in page, anything else gets 401.
/// </summary>
internal static class ConsoleAuthentication
{
    private const string Selector = "Console";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cookie or bearer token", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "ambient-console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/signin";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ConsoleRoles.ActPolicy, policy => policy.RequireRole(ConsoleRoles.Operator));
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "ambient-console-antiforgery");
        return services;
    }

    // A browser asking for a page goes to the sign-in page (or is told it may not); scripts and event streams get the status.
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}

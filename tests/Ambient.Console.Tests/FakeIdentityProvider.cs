using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// An OpenID Connect provider on loopback, as little of one as the authorization code flow needs: discovery, keys, an
/// authorize endpoint that signs in <see cref="User"/> at once (no login page), and a token endpoint issuing an RS256
/// ID token with the request's nonce. It checks the client's id, secret and redirect address as a real one would.
/// </summary>
internal sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "ambient-console";
    public const string ClientSecret = "console-secret-0123456789";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string Nonce, string RedirectUri)> _codes = new();

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public string Issuer => _app.Urls.First();

    /// <summary>Who the provider signs in next: a username and groups.</summary>
    public (string Name, string[] Groups) User { get; set; } = ("alice", ["sre"]);

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["authorization_endpoint"] = $"{provider.Issuer}/authorize",
            ["token_endpoint"] = $"{provider.Issuer}/token",
            ["jwks_uri"] = $"{provider.Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { provider.PublicJwk() } }));
        app.MapGet("/authorize", (string client_id, string redirect_uri, string state, string nonce) =>
        {
            if (client_id != ClientId)
            {
                return Results.BadRequest("unknown client");
            }

            var code = Guid.NewGuid().ToString("N");
            provider._codes[code] = (nonce, redirect_uri);
            return Results.Redirect($"{redirect_uri}?code={code}&state={Uri.EscapeDataString(state)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || !provider._codes.TryRemove(form["code"].ToString(), out var issued)
                || form["redirect_uri"] != issued.RedirectUri)
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            return Results.Json(new { access_token = Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = provider.IdToken(issued.Nonce) });
        });
        await app.StartAsync();
        return provider;
    }

    // The public half as RFC 7517 writes it.
    private Dictionary<string, string> PublicJwk()
    {
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId!,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    private string IdToken(string nonce)
    {
        var claims = new List<Claim> { new("sub", $"user-{User.Name}"), new("preferred_username", User.Name), new("nonce", nonce) };
        claims.AddRange(User.Groups.Select(g => new Claim("groups", g)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Subject = new ClaimsIdentity(claims),
            Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }
}

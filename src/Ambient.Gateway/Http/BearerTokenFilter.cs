using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>Refuses (401, <c>WWW-Authenticate: Bearer</c>) a request without <c>Authorization: Bearer &lt;the configured token&gt;</c>.</summary>
internal sealed class BearerTokenFilter(Func<GatewayOptions, string?> token, string setting) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = token(http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value)!;
        var given = Secrets.BearerToken(http.Request.Headers.Authorization.ToString());
        if (given is null)
        {
            return Problems.Unauthorized(http, $"An 'Authorization: Bearer' header with {setting} is required.", "Bearer");
        }

        if (!Secrets.TokenEquals(expected, given))
        {
            return Problems.Unauthorized(http, $"The bearer token is not {setting}.", "Bearer error=\"invalid_token\"");
        }

        return await next(context);
    }
}

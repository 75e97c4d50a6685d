namespace Ambient.Gateway.Http;

/// <summary>
/// Refuses (401, <c>WWW-Authenticate: Bearer</c>) a request whose <c>Authorization: Bearer</c> is none of the publish
/// tokens; otherwise hands the matched token (its name and topics) to the handler through <see cref="Of"/>.
/// </summary>
internal sealed class PublishTokenFilter : IEndpointFilter
{
    private const string Settings = "Ambient:Gateway:PublishToken or Ambient:Gateway:PublishTokens:<name>:Token";
    private static readonly object s_key = new();

    /// <summary>The publish token the request authenticated with.</summary>
    public static PublishToken Of(HttpContext context) =>
        context.Items.TryGetValue(s_key, out var token) && token is PublishToken matched
            ? matched
            : throw new InvalidOperationException("The request was not authenticated; the endpoint needs a PublishTokenFilter.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var given = Secrets.BearerToken(http.Request.Headers.Authorization.ToString());
        if (given is null)
        {
            return Problems.Unauthorized(http, $"An 'Authorization: Bearer' header with a publish token ({Settings}) is required.", "Bearer");
        }

        if (http.RequestServices.GetRequiredService<PublishTokens>().Match(given) is not { } token)
        {
            return Problems.Unauthorized(http, $"The bearer token is not a publish token ({Settings}).", "Bearer error=\"invalid_token\"");
        }

        http.Items[s_key] = token;
        return await next(context);
    }
}

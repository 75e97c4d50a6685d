namespace Microsoft.AspNetCore.Builder;

/// <summary>The console's probes, open without signing in.</summary>
internal static class ConsoleHealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Ambient.Hosting's <c>/healthz</c> and <c>/readyz</c>, as every Ambient host serves them, allowed anonymously:
    /// every other route needs a signed-in user, and a kubelet or compose has no token. They answer only "ok", "ready"
    /// or which check is not ready, and why.
    /// </summary>
    public static IEndpointRouteBuilder MapConsoleHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(string.Empty).AllowAnonymous().MapAmbientHealthEndpoints();
        return endpoints;
    }
}

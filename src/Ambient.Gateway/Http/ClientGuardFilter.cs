using Microsoft.AspNetCore.Http.HttpResults;

namespace Ambient.Gateway.Http;

/// <summary>
/// The first filter of every endpoint that takes a delivery: refuses (429) a client address that failed to
/// authenticate too often lately, before anything else is spent on it, and charges the address for each request of
/// its own that ends 401. Authenticated requests are never charged here.
/// </summary>
internal sealed class ClientGuardFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var failures = http.RequestServices.GetRequiredService<FailedAuthentications>();
        var address = http.RequestServices.GetRequiredService<ClientAddresses>().KeyOf(http);
        if (failures.RefusalFor(address) is { } retryAfter)
        {
            return Problems.TooManyFailedAuthentications(http, retryAfter);
        }

        var result = await next(context);
        if (result is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            failures.Charge(address);
        }

        return result;
    }
}

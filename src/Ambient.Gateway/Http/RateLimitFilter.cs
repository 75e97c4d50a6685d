namespace Ambient.Gateway.Http;

/// <summary>
/// Takes a permit from the source's token bucket once the request proved it comes from the source (after the signature
/// or token check), so unauthenticated traffic never spends a verified sender's budget; none left: 429 with <c>Retry-After</c>.
/// </summary>
internal sealed class RateLimitFilter(string source) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var limiter = context.HttpContext.RequestServices.GetRequiredService<SourceRateLimiters>().For(source);
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            return Problems.TooManyRequests(context.HttpContext, retryAfter);
        }

        return await next(context);
    }
}

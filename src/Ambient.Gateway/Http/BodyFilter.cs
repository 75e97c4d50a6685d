using System.Buffers;
using Ambient.Gateway.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ambient.Gateway.Http;

/// <summary>
/// Admits only the endpoint's content types (415; none listed: any) and bodies within <see cref="GatewayOptions.MaxBodyBytes"/>
/// (413). With a <see cref="IWebhookSignature"/>, the signature headers are checked before the body is read (401).
/// A body that has not arrived with its headers is reserved in the <see cref="BodyBudget"/> first (429 for the client's
/// share, 503 for the gateway's), then read within <see cref="GatewayOptions.RequestTimeout"/> (408) into pooled chunks,
/// hashed as it comes; only a body whose signature matches is copied out for the handler (401 otherwise).
/// </summary>
internal sealed class BodyFilter(IWebhookSignature? signature, params string[] mediaTypes) : IEndpointFilter
{
    private readonly Func<GatewayOptions, long> _maxBodyBytes = options => options.MaxBodyBytes;
    private readonly string _maxBodySetting = $"{GatewayOptions.SectionName}:MaxBodyBytes";

    /// <summary>Bodies up to this size usually arrive with their headers and are taken from Kestrel's buffer as they are.</summary>
    private const int SmallBodyBytes = 64 * 1024;

    public BodyFilter(params string[] mediaTypes)
        : this(null, mediaTypes)
    {
    }

    /// <summary>
    /// An endpoint with a body limit of its own, named by <paramref name="setting"/> (e.g. <see cref="A2aGatewayOptions.MaxBodyBytes"/>),
    /// at most <see cref="GatewayOptions.MaxBodyBytes"/>.
    /// </summary>
    public BodyFilter(Func<GatewayOptions, long> maxBodyBytes, string setting, params string[] mediaTypes)
        : this(null, mediaTypes)
    {
        _maxBodyBytes = options => Math.Min(maxBodyBytes(options), options.MaxBodyBytes);
        _maxBodySetting = setting;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (mediaTypes.Length > 0 && !IsAccepted(http.Request.ContentType))
        {
            return Problems.UnsupportedMediaType(http.Request.ContentType, string.Join(" or ", mediaTypes));
        }

        var options = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var limit = _maxBodyBytes(options);
        if (http.Request.ContentLength > limit)
        {
            return Problems.TooLarge(limit, _maxBodySetting);
        }

        ExpectedSignature? expected = null;
        if (signature is not null && (expected = signature.Read(http, out var unusable)) is null)
        {
            return Problems.Unauthorized(http, unusable!);
        }

        if (TryTakeBuffered(http.Request) is { } arrived)
        {
            if (expected is not null && !Secrets.HmacMatches(expected.Secret, expected.Hmac, expected.Prefix, arrived))
            {
                return Problems.Unauthorized(http, expected.MismatchDetail);
            }

            BufferedBody.Set(http, arrived);
            return await next(context);
        }

        var address = http.RequestServices.GetRequiredService<ClientAddresses>().KeyOf(http);
        using var reservation = new BodyReservation(http.RequestServices.GetRequiredService<BodyBudget>(), address);
        if (http.Request.ContentLength is { } length && Refusal(http, reservation.TryGrow(length), options) is { } refused)
        {
            return refused;
        }

        var problem = await ReadAsync(http, options, limit, expected, http.Request.ContentLength is null ? reservation : null);
        return problem ?? await next(context);
    }

    private async Task<ProblemHttpResult?> ReadAsync(HttpContext http, GatewayOptions options, long limit, ExpectedSignature? expected, BodyReservation? growPerChunk)
    {
        using var body = new PooledBody();
        using var hmac = expected is null ? null : Secrets.CreateHmac(expected.Secret);
        hmac?.AppendData(expected!.Prefix);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            switch (await body.ReadAsync(http.Request.Body, limit, growPerChunk, hmac, timeout.Token))
            {
                case BodyReadResult.TooLarge:
                    return Problems.TooLarge(limit, _maxBodySetting);
                case BodyReadResult.ClientLimit:
                    return Problems.BodyBudgetSpent(http, options.RetryAfter, byThisClient: true);
                case BodyReadResult.GatewayLimit:
                    return Problems.BodyBudgetSpent(http, options.RetryAfter, byThisClient: false);
            }
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Problems.RequestTimeout($"The body did not arrive within {options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(limit, _maxBodySetting);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or EndOfStreamException)
        {
            return Problems.BadRequest($"The body could not be read: {ex.Message}");
        }

        if (hmac is not null && !Secrets.Matches(hmac, expected!.Hmac))
        {
            return Problems.Unauthorized(http, expected.MismatchDetail);
        }

        BufferedBody.Set(http, body.ToArray());
        return null;
    }

    private static ProblemHttpResult? Refusal(HttpContext http, BodyBudgetResult result, GatewayOptions options) => result switch
    {
        BodyBudgetResult.ClientLimit => Problems.BodyBudgetSpent(http, options.RetryAfter, byThisClient: true),
        BodyBudgetResult.GatewayLimit => Problems.BodyBudgetSpent(http, options.RetryAfter, byThisClient: false),
        _ => null,
    };

    private bool IsAccepted(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        mediaTypes.Any(accepted => parsed.MediaType.Equals(accepted, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The whole body when Kestrel already holds it (a webhook's few kilobytes usually arrive with its headers), so
    /// the common request needs no timer, no budget and no second copy; null leaves the body unread for the timed read.
    /// </summary>
    private static byte[]? TryTakeBuffered(HttpRequest request)
    {
        if (request.ContentLength is not { } length || length > SmallBodyBytes || !request.BodyReader.TryRead(out var result))
        {
            return null;
        }

        var buffer = result.Buffer;
        if (buffer.Length < length)
        {
            // Only part of it is here (or the sender stopped early): consume nothing; the timed read takes it, or fails.
            request.BodyReader.AdvanceTo(buffer.Start, buffer.End);
            return null;
        }

        var body = buffer.Slice(0, length).ToArray();
        request.BodyReader.AdvanceTo(buffer.GetPosition(length));
        return body;
    }
}

using System.Buffers;
using Ambient.Gateway.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ambient.Gateway.Http;

/// <summary>
/// Admits only the endpoint's content types (415; none listed: any), then reads the whole body within
/// <see cref="GatewayOptions.MaxBodyBytes"/> (413) and <see cref="GatewayOptions.RequestTimeout"/> (408).
/// </summary>
internal sealed class BodyFilter(params string[] mediaTypes) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (mediaTypes.Length > 0 && !IsAccepted(http.Request.ContentType))
        {
            return Problems.UnsupportedMediaType(http.Request.ContentType, string.Join(" or ", mediaTypes));
        }

        var options = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (http.Request.ContentLength > options.MaxBodyBytes)
        {
            return Problems.TooLarge(options.MaxBodyBytes);
        }

        if (TryTakeBuffered(http.Request) is { } arrived)
        {
            BufferedBody.Set(http, arrived);
            return await next(context);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            var body = await ReadAsync(http.Request, options.MaxBodyBytes, timeout.Token);
            if (body is null)
            {
                return Problems.TooLarge(options.MaxBodyBytes);
            }

            BufferedBody.Set(http, body.Value);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Problems.RequestTimeout($"The body did not arrive within {options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(options.MaxBodyBytes);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or EndOfStreamException)
        {
            return Problems.BadRequest($"The body could not be read: {ex.Message}");
        }

        return await next(context);
    }

    private bool IsAccepted(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        mediaTypes.Any(accepted => parsed.MediaType.Equals(accepted, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The whole body when Kestrel already holds it (a webhook's few kilobytes usually arrive with its headers), so
    /// the common request needs no timeout timer; null leaves the body unread for the timed read.
    /// </summary>
    private static byte[]? TryTakeBuffered(HttpRequest request)
    {
        if (request.ContentLength is not { } length || length > 64 * 1024 || !request.BodyReader.TryRead(out var result))
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

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            // Kestrel enforces Content-Length framing, so exactly this many bytes follow.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

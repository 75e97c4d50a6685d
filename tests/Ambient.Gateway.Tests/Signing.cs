using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ambient.Gateway.Tests;

/// <summary>Signs requests the way GitHub and Slack do, and builds them.</summary>
internal static class Signing
{
    public static string GitHub(byte[] body, string secret = GatewayHarness.GitHubSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Slack(long timestamp, byte[] body, string secret = GatewayHarness.SlackSecret) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            (byte[])[.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"v0:{timestamp}:")), .. body]));

    public static HttpRequestMessage GitHubRequest(byte[] body, string eventName, string? delivery, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = Json(body) };
        request.Headers.Add("X-GitHub-Event", eventName);
        if (delivery is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", delivery);
        }

        request.Headers.Add("X-Hub-Signature-256", signature ?? GitHub(body));
        return request;
    }

    public static HttpRequestMessage SlackRequest(string path, byte[] body, long timestamp, string contentType = "application/json", string? signature = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature ?? Slack(timestamp, body));
        return request;
    }

    public static HttpRequestMessage BearerRequest(string path, byte[] body, string? token, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }
}

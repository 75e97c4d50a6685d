using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Ambient.Bench.Gateway;

/// <summary>
/// A closed-loop HTTP load generator: <c>concurrency</c> senders each post a signed GitHub <c>issues</c> delivery (a new
/// delivery id every time, so none is a duplicate) and send the next as soon as the answer arrives. Requests that
/// start after the warm-up and finish before the end are measured.
/// </summary>
internal sealed class WebhookLoad(Uri target, byte[] body, string signature, int concurrency)
{
    public async Task<LoadResult> RunAsync(TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var senders = Enumerable.Range(0, concurrency).Select(_ => SendUntilAsync(client, measureFrom, end, cancellationToken)).ToArray();
        var results = await Task.WhenAll(senders);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        return new LoadResult(results.Sum(r => r.Accepted), results.Sum(r => r.Other), results.Sum(r => r.AcceptedInAll), duration,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : ToMs(latencies[^1]), cpu);
    }

    private async Task<(long Accepted, long Other, long AcceptedInAll, List<long> Latencies)> SendUntilAsync(HttpClient client, long measureFrom, long end, CancellationToken cancellationToken)
    {
        long accepted = 0, other = 0, acceptedInAll = 0;
        var latencies = new List<long>();
        while (Stopwatch.GetTimestamp() < end)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "issues");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.Add("X-Hub-Signature-256", signature);
            var sentAt = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var answeredAt = Stopwatch.GetTimestamp();
            acceptedInAll += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            if (sentAt < measureFrom || answeredAt > end)
            {
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
                latencies.Add(answeredAt - sentAt);
            }
            else
            {
                other++;
            }
        }

        return (accepted, other, acceptedInAll, latencies);
    }

    // Nearest rank, as the broker bench's LatencyRecorder.
    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : ToMs(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

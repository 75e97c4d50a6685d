using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// What a console run as shipped (a compose service, a k8s Deployment) must do with the token its deployment gives it:
/// nobody gets a page without it (a browser is sent to sign in, a script gets 401), a script with it sees the run a
/// worker finished on <c>/runs</c>, which the console read from the checkpoints topic.
/// </summary>
internal static partial class ShippedConsole
{
    /// <summary>The last run github-triage finished on an opened issue, from the worker's own log line.</summary>
    public static string LastTriageRun(string workerOutput) =>
        TriageRun().Matches(workerOutput).LastOrDefault()?.Groups["run"].Value ?? throw new InvalidOperationException($"github-triage finished no run:\n{workerOutput}");

    /// <summary>Asserts who gets in, then waits until <c>/runs</c> lists <paramref name="runId"/>.</summary>
    public static async Task AssertSignInAndFindRunAsync(ContainerProcess console, string token, string runId, CancellationToken cancellation)
    {
        using var anonymous = Client(console, token: null);
        using var browser = Client(console, token: null);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var wrongToken = Client(console, "not-the-token-0123456789");
        using var script = Client(console, token);

        using var page = await anonymous.GetAsync("/", cancellation);
        using var browserPage = await browser.GetAsync("/runs", cancellation);
        using var wrong = await wrongToken.GetAsync("/runs", cancellation);
        using var overview = await script.GetAsync("/", cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, browserPage.StatusCode);
        Assert.Equal("/signin", browserPage.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.True(overview.StatusCode == HttpStatusCode.OK, $"{console.Spec.Name}: GET / with its token answered {(int)overview.StatusCode}:\n{console.Output}");
        try
        {
            await Eventually.UntilAsync(async () => (await script.GetStringAsync("/runs", cancellation)).Contains($"data-run=\"{runId}\"", StringComparison.Ordinal), cancellation);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{console.Spec.Name} never listed {runId} on /runs:\n{console.Output}");
        }
    }

    /// <summary>A client of the console's HTTP port: no cookies, no redirects followed, with <paramref name="token"/> as bearer when given.</summary>
    public static HttpClient Client(ContainerProcess console, string? token)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{console.Spec.HttpPort}"),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [GeneratedRegex(@"(?<run>github-triage-[0-9a-f]{16}) on com\.github\.issues\.opened: completed")]
    private static partial Regex TriageRun();
}

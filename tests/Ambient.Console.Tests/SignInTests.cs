using System.Net;
using Ambient.Testing;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Who gets in, over real HTTP: nobody without a token (a browser is sent to sign in, a script gets 401), a browser
/// after signing in with the token on the form (which refuses a post from another site), a script with the bearer token.
/// </summary>
public sealed class SignInTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unauthenticated_ABrowserIsSentToSignIn_AScriptOrAWrongTokenGets401()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);

        using var page = await console.Browser().GetAsync("/runs", Cancellation);
        using var script = await console.Script(token: null).GetAsync("/runs", Cancellation);
        using var wrong = await console.Script("not-the-token-0123456789").GetAsync("/", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2Fruns", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, script.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheToken_SetsAnHttpOnlySameSiteCookieThatOpensEveryPage_AWrongTokenIsRefused()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        var cookies = new CookieContainer();
        using var browser = console.Browser(cookies);

        using var wrong = await SignInAsync(browser, "not-the-token-0123456789", "/runs");
        using var signedIn = await SignInAsync(browser, ConsoleHarness.Token, "/runs");
        using var runs = await browser.GetAsync("/runs", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That token is not the console&#x27;s token.", await wrong.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/runs", signedIn.Headers.Location!.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ambient-console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Contains("<h1>Runs</h1>", await runs.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_GuessingTheToken_IsCutOffAfterTenTriesAMinute()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        var browser = console.Browser();
        var statuses = new List<HttpStatusCode>();

        for (var guess = 0; guess < Security.ConsoleAuthentication.SignInsPerMinute; guess++)
        {
            using var wrong = await SignInAsync(browser, $"guess-{guess:D4}-0123456789abcdef", "/");
            statuses.Add(wrong.StatusCode);
        }

        // Even the right token waits now: the limit counts tries, not failures, so a guesser learns nothing from it.
        using var limited = await SignInAsync(browser, ConsoleHarness.Token, "/");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task SignIn_APostWithoutTheFormsAntiforgeryToken_IsRefused()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        using var browser = console.Browser();

        // What a page on another site could post: the right field names, no antiforgery token.
        using var forged = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = ConsoleHarness.Token }), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ambient-console=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(ConsoleHarness.Token)]
    [InlineData(ConsoleHarness.ReadOnlyToken)]
    public async Task Bearer_EitherToken_ReadsThePages(string token)
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);

        using var overview = await console.Script(token).GetAsync("/", Cancellation);

        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("<h1>Overview</h1>", await overview.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithoutAToken_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConsoleApplication.Create("http://127.0.0.1:0", [new("Ambient:Kafka:BootstrapServers", kafka.BootstrapServers)]));

        Assert.StartsWith("Ambient:Console:Token must be set to at least 16 characters", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string returnUrl)
    {
        var form = await browser.GetStringAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}", Cancellation);
        return await browser.PostAsync("/signin", ConsoleHarness.Form(form, ("token", token), ("returnUrl", returnUrl)), Cancellation);
    }
}

using Ambient.Supervisor;

// The console on its own: configuration from environment variables (Ambient__Console__Token, Ambient__Kafka__...) and
// arguments; it listens where ASPNETCORE_HTTP_PORTS or --urls says. Internal-facing: never on the gateway's host.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = ConsoleApplication.ApplicationName });
await ConsoleApplication.Build(builder).RunAsync();

/// <summary>The console's entry point.</summary>
public partial class Program;

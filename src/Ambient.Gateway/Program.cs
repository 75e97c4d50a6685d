using Ambient.Gateway;

// The gateway on its own (docker/gateway.Dockerfile, k8s/gateway.yaml): configuration from environment variables
// (Ambient__Gateway__GitHub__Secret, ...) and arguments; it listens where ASPNETCORE_HTTP_PORTS or --urls says.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = GatewayApplication.ApplicationName });
await GatewayApplication.Build(builder).RunAsync();

/// <summary>The gateway's entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;

# The ambient command (topics init, publish, lag, scale, up). Build from the repository root:
#   docker build -f docker/cli.Dockerfile -t ambient/cli:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (without them the image would fail at its first record).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Cli/Ambient.Cli.csproj -c Release -o /app /p:UseAppHost=false

# ASP.NET Core runtime: `ambient up` and `ambient gateway` host the gateway, so the command needs that framework to start
# at all (on the plain runtime image every command failed: "Framework 'Microsoft.AspNetCore.App' ... not found").
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
COPY agents/ /app/agents/
USER $APP_UID
ENTRYPOINT ["dotnet", "ambient.dll"]

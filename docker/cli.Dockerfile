# The ambient command (topics init, publish, lag, scale, up). Build from the repository root:
#   docker build -f docker/cli.Dockerfile -t ambient/cli:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/ src/
RUN dotnet publish src/Ambient.Cli/Ambient.Cli.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
COPY agents/ /app/agents/
USER $APP_UID
ENTRYPOINT ["dotnet", "ambient.dll"]

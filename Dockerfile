# leakhound: one static binary as CLI, server and worker.
#   docker build -t leakhound .
#   docker run -p 8080:8080 -v leakhound-data:/data leakhound serve --listen :8080 --db sqlite:///data/leakhound.db
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/leakhound/leakhound/internal/cli.Version=${VERSION}" -o /out/leakhound ./cmd/leakhound

# git is needed at run time: history scans, mirrors and hooks drive it.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /data --create-home leakhound
COPY --from=build /out/leakhound /usr/local/bin/leakhound
USER leakhound
WORKDIR /data
EXPOSE 8080
ENTRYPOINT ["leakhound"]
CMD ["serve", "--listen", ":8080"]

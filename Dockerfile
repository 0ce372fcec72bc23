# The Stabilize worker: a multi-stage build of ./worker into a static binary
# on a distroless base. Configure it with STABILIZE_* variables (see
# config/doc.go), e.g. STABILIZE_ADDRESS=temporal:7233.
#
#   docker build -t stabilize-worker .
#   docker run --rm -e STABILIZE_ADDRESS=host.docker.internal:7233 stabilize-worker

FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first, so code edits do not invalidate the module cache layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/stabilize-worker ./worker

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/stabilize-worker /usr/local/bin/stabilize-worker
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/stabilize-worker"]

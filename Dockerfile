# The broker image: the same code for `edi start` (all in one) and `edi run <component>`.
FROM node:20-bookworm-slim
# Build tools and Debian's libraries for the Kafka client (librdkafka linked dynamically) and
# better-sqlite3; both compile from source when no prebuilt binary is reachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ zlib1g-dev libssl-dev libzstd-dev libsasl2-dev liblz4-dev libcurl4-openssl-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN CKJS_LINKING=dynamic npm ci --omit=dev
COPY . .
ENV EDI_HTTP_HOST=0.0.0.0 EDI_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["node", "bin/edi.js"]
CMD ["start"]

-- Core tables: sources, articles, figures, documents and their mentions.
CREATE TABLE sources (
    id            VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    province      VARCHAR,          -- pre-2025 province (one of 63); NULL for central sources
    province_2025 VARCHAR,          -- post-merger province (one of 34)
    level         VARCHAR,          -- province | district | newspaper | central
    base_url      VARCHAR NOT NULL,
    cms           VARCHAR,
    verified      BOOLEAN DEFAULT FALSE
);

CREATE TABLE articles (
    id             VARCHAR PRIMARY KEY,   -- corpus.records.article_id_for(url)
    url            VARCHAR NOT NULL,
    source_id      VARCHAR,
    province       VARCHAR,
    province_2025  VARCHAR,
    district       VARCHAR,
    published      TIMESTAMPTZ,
    title          VARCHAR,
    lead           VARCHAR,
    author         VARCHAR,
    text           VARCHAR,
    content_sha256 VARCHAR,
    cms            VARCHAR,
    fetched_at     TIMESTAMPTZ,
    warc_file      VARCHAR,
    warc_offset    BIGINT
);

CREATE TABLE figures (
    id                VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    value             DOUBLE NOT NULL,
    denominator       DOUBLE,
    entity            VARCHAR,
    category          VARCHAR NOT NULL,
    qualifier         VARCHAR,
    period            VARCHAR,          -- "2022" or "2017-2020"
    period_start      INTEGER,          -- first year of the period
    period_end        INTEGER,          -- last year of the period
    "start"           INTEGER,          -- offsets in the article's full text
    "end"             INTEGER,
    span              VARCHAR,
    sentence          VARCHAR,
    extractor_version VARCHAR NOT NULL
);

CREATE TABLE documents (
    number      VARCHAR PRIMARY KEY,    -- as written: "150-CTr/BCSĐUBND-BDVTU"
    kind        VARCHAR,                -- "CTr"
    kind_name   VARCHAR,                -- "Chương trình"
    issuer_code VARCHAR,                -- "BCSĐUBND-BDVTU"
    year        INTEGER
);

CREATE TABLE document_mentions (
    article_id        VARCHAR NOT NULL,
    number            VARCHAR NOT NULL,
    date              DATE,
    issuer            VARCHAR,
    "start"           INTEGER,
    "end"             INTEGER,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, number, "start", extractor_version)
);

CREATE TABLE persons (
    article_id        VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    position          VARCHAR,
    "start"           INTEGER,
    "end"             INTEGER,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, "start", extractor_version)
);

CREATE INDEX figures_article ON figures (article_id);
CREATE INDEX articles_province ON articles (province);

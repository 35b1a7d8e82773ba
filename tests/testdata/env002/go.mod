module example.com/env002

go 1.22

require (
	github.com/IBM/sarama v1.45.0
	github.com/alicebob/miniredis/v2 v2.33.0
	github.com/redis/go-redis/v9 v9.7.0
	github.com/twmb/franz-go v1.18.0 // indirect
)

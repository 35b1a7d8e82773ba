package ctr002

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

type Store interface{ Save(name string) error }

type MockStore struct{ mock.Mock }

func (m *MockStore) Save(name string) error { return m.Called(name).Error(0) }

type Service struct{ store Store }

func (s Service) Signup(name string) (string, error) {
	if err := s.store.Save(name); err != nil {
		return "", errors.New("save")
	}
	return name, nil
}

// NewMockGStore stands for a gomock-generated constructor.
func NewMockGStore(ctrl *gomock.Controller) *MockGStore { return &MockGStore{} }

type MockGStore struct{}

func (m *MockGStore) EXPECT() *MockGStoreRecorder { return &MockGStoreRecorder{} }
func (m *MockGStore) Save(name string) error      { return nil }

type MockGStoreRecorder struct{}

func (r *MockGStoreRecorder) Save(name any) *gomock.Call { return nil }

func TestGomockOnly(t *testing.T) { // want "CTR002 TestGomockOnly only checks that mocks were called"
	ctrl := gomock.NewController(t)
	store := NewMockGStore(ctrl)
	store.EXPECT().Save(gomock.Any()).Return(nil)
	_, _ = Service{store}.Signup("ann")
}

func TestTestifyOnly(t *testing.T) { // want "CTR002"
	store := new(MockStore)
	store.On("Save", "ann").Return(nil)
	_, _ = Service{store}.Signup("ann")
	store.AssertExpectations(t)
}

func TestForObjects(t *testing.T) { // want "CTR002"
	store := new(MockStore)
	store.On("Save", "bo").Return(nil)
	_, _ = Service{store}.Signup("bo")
	mock.AssertExpectationsForObjects(t, store)
}

// Not flagged: the test also asserts on the result.
func TestAlsoResult(t *testing.T) {
	store := new(MockStore)
	store.On("Save", "ann").Return(nil)
	name, err := Service{store}.Signup("ann")
	require.NoError(t, err)
	require.Equal(t, "ann", name)
	store.AssertExpectations(t)
}

func TestAlsoError(t *testing.T) {
	ctrl := gomock.NewController(t)
	store := NewMockGStore(ctrl)
	store.EXPECT().Save(gomock.Any()).Return(nil)
	if _, err := (Service{store}).Signup("ann"); err != nil {
		t.Fatal(err)
	}
}

// Not flagged: the test hands t to a helper that may check state.
func TestHelper(t *testing.T) {
	store := new(MockStore)
	store.On("Save", "ann").Return(nil)
	_, _ = Service{store}.Signup("ann")
	store.AssertExpectations(t)
	checkState(t, store)
}

func checkState(t *testing.T, s *MockStore) {
	t.Helper()
	if len(s.Calls) != 1 {
		t.Fatal(len(s.Calls))
	}
}

// Not flagged: no mocks at all (HAB010's business).
func TestNoMocks(t *testing.T) {
	_, _ = Service{new(MockStore)}.Signup("ann")
}

// Not flagged: benchmarks.
func BenchmarkSignup(b *testing.B) {
	store := new(MockStore)
	store.On("Save", "ann").Return(nil)
	for i := 0; i < b.N; i++ {
		_, _ = Service{store}.Signup("ann")
	}
	store.AssertExpectations(b)
}
